// The part of unzipper's API used here (its published types lag behind its versions).
declare module 'unzipper' {
  export interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(): NodeJS.ReadableStream & AsyncIterable<Buffer>;
  }
  export const Open: {
    file(path: string): Promise<{ files: CentralDirectoryFile[] }>;
  };
}
