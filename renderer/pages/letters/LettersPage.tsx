// 责任状: the letters of the three levels and the 公示 roster of each work team. The clerk picks a
// level and a party, edits the level's template with the letter as it will print beside it (an
// unknown placeholder is shown as an error naming it and its line, never a blank), saves it or
// goes back to the default, and exports (PDF, Word), prints, or exports all the level's letters at
// once with progress. The roster view shows a team's notice and its supervision phone and duties.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LetterParty, LetterPreview, LetterSettingsView, Progress, RosterDoc } from '../../../shared/contract';
import { LETTER_LEVEL_LABELS, LETTER_LEVELS, LETTER_PARTY_LABELS, letterFileName, type LetterLevel } from '../../../shared/domain/letters';
import { call, errorMessage, onEvent } from '../../api';
import { useToast } from '../../components/Toast';
import { ProgressBar } from '../../components/ProgressBar';
import { SaveFileDialog } from '../../components/SaveFileDialog';
import { LetterView, RosterView } from '../../print/documents';
import '../../print/print.css';
import './letters.css';

type View = 'letters' | 'roster';
type Export = { format: 'docx' | 'pdf'; each: boolean; all: boolean };

/** How long typing pauses before the preview follows (a template of 60 lines renders in a few ms in main). */
const PREVIEW_DELAY_MS = 250;

function useLettersProgress(): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => onEvent('job.progress', (p) => p.job === 'letters' && setProgress(p)), []);
  return progress;
}

export function LettersPage() {
  const toast = useToast();
  const [view, setView] = useState<View>('letters');
  const [level, setLevel] = useState<LetterLevel>('unit');
  const [settings, setSettings] = useState<LetterSettingsView | null>(null);
  // The list with the level it is of: a level's id must never be asked for at another level.
  const [listed, setListed] = useState<{ level: LetterLevel; parties: LetterParty[] }>({ level: 'unit', parties: [] });
  const [partyId, setPartyId] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  // Each level's unsaved edits, kept while the clerk looks at another level: switching loses nothing.
  const [drafts, setDrafts] = useState<Partial<Record<LetterLevel, string>>>({});
  const [preview, setPreview] = useState<LetterPreview | null>(null);
  const [roster, setRoster] = useState<RosterDoc | null>(null);
  const [exporting, setExporting] = useState<Export | null>(null);
  const [busy, setBusy] = useState(false);
  const progress = useLettersProgress();
  const partyLevel: LetterLevel = view === 'roster' ? 'team' : level;

  useEffect(() => {
    call('letters.settings', {})
      .then(setSettings)
      .catch((e: unknown) => toast.error(errorMessage(e)));
  }, [toast]);
  // The level's draft, or its saved template while it has none.
  const draft = drafts[level] ?? settings?.templates[level] ?? '';
  const setDraft = (text: string) => setDrafts((d) => ({ ...d, [level]: text }));

  useEffect(() => {
    let current = true;
    call('letters.parties', { level: partyLevel })
      .then((list) => {
        if (!current) return;
        setListed({ level: partyLevel, parties: list });
        setPartyId((id) => (id && list.some((p) => p.id === id) ? id : (list[0]?.id ?? null)));
      })
      .catch((e: unknown) => toast.error(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [partyLevel, toast]);

  const parties = useMemo(() => (listed.level === partyLevel ? listed.parties : []), [listed, partyLevel]);
  const party = parties.find((p) => p.id === partyId) ?? null;
  const shownId = party?.id ?? null;

  // The live preview: the draft as typed, for the chosen party.
  useEffect(() => {
    if (view !== 'letters' || !shownId || !settings) return;
    let current = true;
    const timer = setTimeout(() => {
      call('letters.preview', { level, id: shownId, template: draft })
        .then((p) => current && setPreview(p))
        .catch((e: unknown) => current && toast.error(errorMessage(e)));
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [view, level, shownId, draft, settings, toast]);

  useEffect(() => {
    if (view !== 'roster' || !shownId) return;
    let current = true;
    call('letters.roster', { ids: [shownId] })
      .then((r) => current && setRoster(r[0] ?? null))
      .catch((e: unknown) => current && toast.error(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [view, shownId, settings, toast]);

  const shown = useMemo(() => {
    const f = filter.trim();
    return f ? parties.filter((p) => p.name.includes(f) || p.detail.includes(f)) : parties;
  }, [parties, filter]);
  const dirty = settings !== null && draft !== settings.templates[level];
  const problems = preview && !preview.ok ? preview.problems : [];

  const run = useCallback(
    async (what: () => Promise<LetterSettingsView>, done: string, savedLevel?: LetterLevel) => {
      setBusy(true);
      try {
        setSettings(await what());
        // Saved or reset: the level's text is the stored one again.
        if (savedLevel) setDrafts(({ [savedLevel]: _saved, ...others }) => others);
        toast.info(done);
      } catch (e) {
        toast.error(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [toast],
  );

  const print = () => {
    if (!shownId) return;
    call('letters.print', { doc: view, level: partyLevel, ids: [shownId] })
      .then((r) => toast.info(r.message))
      .catch((e: unknown) => toast.error(errorMessage(e)));
  };

  return (
    <div className="letters-page">
      <div className="letters-toolbar">
        <div className="segmented" role="group" aria-label="内容">
          <button type="button" className={view === 'letters' ? 'seg active' : 'seg'} aria-pressed={view === 'letters'} onClick={() => setView('letters')}>
            责任状
          </button>
          <button type="button" className={view === 'roster' ? 'seg active' : 'seg'} aria-pressed={view === 'roster'} onClick={() => setView('roster')}>
            工作队公示
          </button>
        </div>
        {view === 'letters' && (
          <label className="letters-level">
            层级
            <select value={level} onChange={(e) => setLevel(e.target.value as LetterLevel)} aria-label="层级">
              {LETTER_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {LETTER_LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="spacer" />
        {view === 'letters' && (
          <>
            <button type="button" className="btn" disabled={!party || dirty} title={dirty ? '请先保存模板' : undefined} onClick={() => setExporting({ format: 'pdf', each: false, all: false })}>
              导出PDF
            </button>
            <button type="button" className="btn" disabled={!party || dirty} title={dirty ? '请先保存模板' : undefined} onClick={() => setExporting({ format: 'docx', each: false, all: false })}>
              导出Word
            </button>
          </>
        )}
        <button type="button" className="btn" disabled={!party || (view === 'letters' && dirty)} onClick={print}>
          打印
        </button>
        {view === 'letters' && (
          <button type="button" className="btn btn-primary" disabled={parties.length === 0 || dirty} onClick={() => setExporting({ format: 'pdf', each: false, all: true })}>
            批量导出…
          </button>
        )}
      </div>

      <div className="letters-body">
        <aside className="letters-parties" aria-label={`${LETTER_PARTY_LABELS[partyLevel]}列表`}>
          <input type="search" className="letters-filter" placeholder={`查找${LETTER_PARTY_LABELS[partyLevel]}`} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="查找" />
          <ul role="listbox" aria-label={LETTER_PARTY_LABELS[partyLevel]}>
            {shown.map((p) => (
              <li key={p.id} role="option" aria-selected={p.id === partyId} className={p.id === partyId ? 'selected' : undefined} onClick={() => setPartyId(p.id)}>
                <span className="letters-party-name">{p.name}</span>
                <span className="letters-party-detail">{p.detail}</span>
              </li>
            ))}
            {shown.length === 0 && <li className="letters-empty">没有{LETTER_PARTY_LABELS[partyLevel]}</li>}
          </ul>
        </aside>

        {view === 'letters' ? (
          <section className="letters-editor" aria-label="模板">
            <label htmlFor="letter-template" className="letters-label">
              {LETTER_LEVEL_LABELS[level]}责任状模板
              {settings?.customised[level] ? <span className="badge">已修改</span> : <span className="badge badge-quiet">默认</span>}
            </label>
            <textarea id="letter-template" className="letters-template" value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} disabled={!settings} />
            {problems.length > 0 && (
              <ul className="form-error letters-problems" role="alert" aria-label="模板错误">
                {problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            )}
            <div className="letters-actions">
              <button type="button" className="btn btn-primary" disabled={!dirty || busy || problems.length > 0} onClick={() => void run(() => call('letters.saveTemplate', { level, template: draft }), '模板已保存', level)}>
                保存模板
              </button>
              <button type="button" className="btn" disabled={busy || (!settings?.customised[level] && !dirty)} onClick={() => void run(() => call('letters.resetTemplate', { level }), '已恢复默认模板', level)}>
                恢复默认
              </button>
              {dirty && <span className="letters-dirty">模板有未保存的修改</span>}
            </div>
            <Placeholders settings={settings} level={level} />
            {settings && <LetterOptions settings={settings} busy={busy} onSave={(patch, done) => void run(() => call('letters.saveOptions', patch), done)} roster={false} />}
          </section>
        ) : (
          <section className="letters-editor" aria-label="公示设置">
            {settings && <LetterOptions settings={settings} busy={busy} onSave={(patch, done) => void run(() => call('letters.saveOptions', patch), done)} roster />}
          </section>
        )}

        <section className="letters-preview" aria-label="预览">
          {view === 'letters' && preview?.ok && <LetterView letter={preview.letter} />}
          {view === 'letters' && preview && !preview.ok && <p className="letters-preview-blank">模板有错误，改正后显示预览</p>}
          {view === 'roster' && roster && <RosterView roster={roster} />}
          {!party && <p className="letters-preview-blank">请先在“单位与工作队”中录入单位、工作队和干部</p>}
        </section>
      </div>

      {exporting && party && (
        <ExportDialog
          request={exporting}
          level={level}
          party={party}
          partyIndex={parties.indexOf(party)}
          count={parties.length}
          progress={progress}
          onChange={setExporting}
          onDone={(message) => {
            setExporting(null);
            toast.info(message);
          }}
          onCancel={() => setExporting(null)}
        />
      )}
    </div>
  );
}

function Placeholders({ settings, level }: { settings: LetterSettingsView | null; level: LetterLevel }) {
  if (!settings) return null;
  return (
    <details className="letters-help">
      <summary>可用占位符与模板写法</summary>
      <p>
        每行一段。<code># </code>标题，<code>= </code>居中（编号），<code>- </code>不缩进（甲方、乙方），“一、”黑体标题，“（一）”无句号时为楷体标题；<code>[签章]</code>之后为签章栏，每行用 <code>|</code> 分隔甲方、乙方两栏。
      </p>
      <ul className="letters-placeholders">
        {settings.placeholders[level].map((p) => (
          <li key={p.name}>
            <code>{`{${p.name}}`}</code> {p.description}
          </li>
        ))}
      </ul>
    </details>
  );
}

function LetterOptions(props: { settings: LetterSettingsView; busy: boolean; roster: boolean; onSave: (patch: { signedOn?: string; supervisionPhone?: string; teamDuties?: string }, done: string) => void }) {
  const { settings } = props;
  const [signedOn, setSignedOn] = useState(settings.signedOn);
  const [phone, setPhone] = useState(settings.supervisionPhone);
  const [duties, setDuties] = useState(settings.teamDuties);
  useEffect(() => {
    setSignedOn(settings.signedOn);
    setPhone(settings.supervisionPhone);
    setDuties(settings.teamDuties);
  }, [settings]);
  const changed = signedOn !== settings.signedOn || phone !== settings.supervisionPhone || duties !== settings.teamDuties;
  return (
    <fieldset className="letters-options">
      <legend>{props.roster ? '公示内容' : '签订日期与监督电话'}</legend>
      <label>
        {props.roster ? '公示日期' : '签订日期'}
        <input type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />
      </label>
      <label>
        监督电话
        <input type="text" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} />
      </label>
      {props.roster && (
        <label className="letters-duties">
          工作队职责（每行一条）
          <textarea value={duties} onChange={(e) => setDuties(e.target.value)} rows={6} />
        </label>
      )}
      <button type="button" className="btn" disabled={!changed || props.busy} onClick={() => props.onSave({ signedOn, supervisionPhone: phone, teamDuties: duties }, '设置已保存')}>
        保存设置
      </button>
    </fieldset>
  );
}

function ExportDialog(props: {
  request: Export;
  level: LetterLevel;
  party: LetterParty;
  partyIndex: number;
  count: number;
  progress: Progress | null;
  onChange: (r: Export) => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { request, level, party } = props;
  const what = request.format === 'pdf' ? 'PDF' : 'Word';
  const defaultName = request.all
    ? request.each
      ? `责任状_${LETTER_PARTY_LABELS[level]}_${what}`
      : `责任状_${LETTER_PARTY_LABELS[level]}_全部.${request.format}`
    : letterFileName(level, party.name, props.partyIndex, request.format);
  return (
    <SaveFileDialog
      key={defaultName}
      title={request.all ? `批量导出${LETTER_LEVEL_LABELS[level]}责任状（共 ${props.count} 份）` : `导出责任状（${what}）：${party.name}`}
      id="letters-export-path"
      label={request.each ? '保存到文件夹' : '保存为'}
      defaultName={defaultName}
      submitLabel="导出"
      pickKind={request.each ? 'folder' : request.format}
      hint={request.each ? '每份责任状一个文件，文件名以序号开头；文件夹不存在时自动新建' : undefined}
      intro={
        request.all ? (
          <div className="letters-batch" role="group" aria-label="导出方式">
            <label>
              <input type="radio" name="letters-format" checked={request.format === 'pdf'} onChange={() => props.onChange({ ...request, format: 'pdf' })} /> PDF
            </label>
            <label>
              <input type="radio" name="letters-format" checked={request.format === 'docx'} onChange={() => props.onChange({ ...request, format: 'docx' })} /> Word
            </label>
            <label>
              <input type="radio" name="letters-each" checked={!request.each} onChange={() => props.onChange({ ...request, each: false })} /> 合并为一个文件
            </label>
            <label>
              <input type="radio" name="letters-each" checked={request.each} onChange={() => props.onChange({ ...request, each: true })} /> 每份一个文件
            </label>
          </div>
        ) : undefined
      }
      busyContent={<ProgressBar progress={props.progress} label="正在导出责任状" />}
      save={(path, overwrite) => call('letters.export', { level, ids: request.all ? undefined : [party.id], format: request.format, each: request.each, path, overwrite })}
      onSaved={(r) => props.onDone(r.paths.length === 1 ? `已导出 ${r.letters} 份责任状：${r.paths[0]}` : `已导出 ${r.letters} 份责任状，共 ${r.paths.length} 个文件`)}
      onCancel={props.onCancel}
    />
  );
}
