// The print route: the renderer opened with #print?doc=letters|roster&level=…&ids=… in a hidden
// window of kind 'print' (main/shell/print.ts turns it into PDF or sends it to the print dialog;
// the tests print it with page.pdf()). It lays out letters (责任状) and 公示 rosters on A4 in the
// layout of official documents (GB/T 9704): the page's size, margins and numbers "— N —" (odd
// pages right, even pages left, in the margin boxes) come from shared/domain/letters.ts, as the
// DOCX writer's do. When everything is laid out and the fonts are loaded it marks
// <html data-print-ready="ok">; "error:<message>" when it cannot.
import { useEffect, useState } from 'react';
import type { LetterDoc, RosterDoc } from '../../shared/contract';
import { parsePrintHash, type PrintRequest } from '../../shared/domain/letters';
import { call, errorMessage } from '../api';
import { LetterView, printPageCss, RosterView } from './documents';
import './print.css';

type Loaded = { doc: 'letters'; letters: LetterDoc[] } | { doc: 'roster'; rosters: RosterDoc[] };

async function load(req: PrintRequest): Promise<Loaded> {
  if (req.doc === 'letters') return { doc: 'letters', letters: await call('letters.documents', { level: req.level, ids: req.ids }) };
  return { doc: 'roster', rosters: await call('letters.roster', { ids: req.ids }) };
}

function markReady(state: string): void {
  document.documentElement.dataset.printReady = state;
}

export function PrintApp() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.classList.add('print-root');
    const req = parsePrintHash(window.location.hash);
    if (!req) {
      setError('打印页面的地址无效');
      return;
    }
    document.title = req.doc === 'letters' ? '责任状' : '驻村工作队公示';
    load(req)
      .then(setLoaded)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    if (error) markReady(`error:${error}`);
  }, [error]);
  useEffect(() => {
    if (!loaded) return;
    // Laid out and painted with the fonts in place: only then is the page ready to print.
    let current = true;
    void document.fonts.ready.then(() => requestAnimationFrame(() => current && markReady('ok')));
    return () => {
      current = false;
    };
  }, [loaded]);

  if (error) {
    return (
      <p className="print-error" role="alert">
        无法打印：{error}
      </p>
    );
  }
  if (!loaded) return <p className="print-loading">正在排版…</p>;
  return (
    <>
      <style>{printPageCss()}</style>
      <div className="print-docs">
        {loaded.doc === 'letters' ? loaded.letters.map((l) => <LetterView key={l.id} letter={l} />) : loaded.rosters.map((r) => <RosterView key={r.teamId} roster={r} />)}
      </div>
    </>
  );
}
