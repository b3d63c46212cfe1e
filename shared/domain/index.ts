export * from './codes';
export * from './dates';
export * from './idNumber';
export * from './household';
export * from './money';
export * from './pinyin';
export * from './quota';
