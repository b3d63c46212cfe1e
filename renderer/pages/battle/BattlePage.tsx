// 挂图作战: the key figures and the countdown, the plan years' tasks, and four charts — the village ×
// year board, the cumulative curve against the quota line, the work teams' progress and the
// households still poor by cause — each saved as a PNG by 保存图片. A click on a village of the board
// opens its households. Main computes every figure; the page re-reads them after each change.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { BattleOverview } from '../../../shared/contract';
import { call } from '../../api';
import { SaveFileDialog } from '../../components/SaveFileDialog';
import { useToast } from '../../components/Toast';
import { useGotoVillage } from '../quality/goto';
import { EChart, type EChartHandle } from '../../charts/EChart';
import { KeyFigures, YearTasks } from '../../charts/BattleFigures';
import { boardHeight, boardOption, boardVillageAt, causesOption, CHART_TITLES, chartBackground, curveOption, teamsHeight, teamsOption, type ChartKey, type ChartLook, type ChartOption } from '../../charts/battleCharts';
import { useBattleOverview } from '../../charts/useBattleOverview';
import './battle.css';

const LOOK: ChartLook = { dark: false, scale: 1, interactive: true };

export function BattlePage() {
  const { overview, error } = useBattleOverview();
  if (overview === undefined) return error ? <p className="form-error page-error">{error}</p> : <p className="loading">正在读取挂图作战数据…</p>;
  if (overview === null) return <p className="loading">尚未打开数据库</p>;
  return <BattleView overview={overview} error={error} />;
}

function BattleView({ overview: o, error }: { overview: BattleOverview; error: string | null }) {
  const toast = useToast();
  const gotoVillage = useGotoVillage();
  const charts = useRef<Partial<Record<ChartKey, EChartHandle | null>>>({});
  const [saving, setSaving] = useState<ChartKey | null>(null);

  const options = useMemo<Record<ChartKey, ChartOption>>(
    () => ({
      board: boardOption(o, o.villages, LOOK),
      curve: curveOption(o, LOOK),
      teams: teamsOption(o, o.teams, LOOK),
      causes: causesOption(o, LOOK),
    }),
    [o],
  );
  const openVillage = useCallback(
    (item: { seriesType: string; dataIndex: number }) => {
      if (item.seriesType !== 'custom') return;
      const village = boardVillageAt(o, o.villages, item.dataIndex);
      if (village) gotoVillage(village.id);
    },
    [o, gotoVillage],
  );

  const card = (key: ChartKey, height: number, onItemClick?: typeof openVillage) => (
    <section className={`card chart-card chart-card-${key}`} aria-label={CHART_TITLES[key]}>
      <EChart option={options[key]} label={CHART_TITLES[key]} height={height} onItemClick={onItemClick} handle={(h) => void (charts.current[key] = h)} />
      <div className="chart-actions">
        <button type="button" className="btn btn-small" onClick={() => setSaving(key)} title={`把“${CHART_TITLES[key]}”保存为 PNG 图片`}>
          保存图片
        </button>
      </div>
    </section>
  );

  return (
    <div className="battle-page">
      <div className="battle-head">
        <h2 className="section-title">挂图作战</h2>
        <span className="muted">
          截至 {o.asOf}（图表随数据修改自动更新）；点击作战图中的村可查看该村贫困户
        </span>
      </div>
      {error && <p className="form-error">数据更新失败：{error}</p>}
      <KeyFigures overview={o} variant="page" />
      <YearTasks overview={o} variant="page" />
      <div className="battle-charts">
        {card('board', boardHeight(o.villages.length, LOOK), openVillage)}
        {card('curve', 400)}
        {card('causes', 400)}
        {card('teams', teamsHeight(o.teams.length, LOOK))}
      </div>
      {saving && (
        <SaveFileDialog
          title="保存图片"
          id="chart-image-path"
          label="保存为（PNG 图片）"
          defaultName={`${CHART_TITLES[saving].replace(/[（）/\\:*?"<>|]/g, '')}-${o.asOf}.png`}
          submitLabel="保存"
          hint="图片含标题、单位和图例，可插入汇报材料。"
          pickKind="image"
          save={(path, overwrite) => call('image.save', { path, dataUrl: charts.current[saving]!.png(chartBackground(LOOK)), overwrite })}
          onSaved={(r) => {
            setSaving(null);
            toast.info(`图片已保存：${r.path}`);
          }}
          onCancel={() => setSaving(null)}
        />
      )}
    </div>
  );
}

/** 打开大屏 in the main window's header: main opens the wall window (Electron) or says how (the Chromium runner). */
export function OpenWallButton() {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const open = () => {
    setBusy(true);
    call('wall.open', {})
      .then((r) => toast.info(r.message))
      .catch((e: unknown) => toast.error(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <button type="button" className="btn btn-header" onClick={open} disabled={busy} title="在第二块显示器上全屏显示挂图作战（大屏）">
      打开大屏
    </button>
  );
}
