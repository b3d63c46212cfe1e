// A campaign year (or every year) for the 资金 page's views.
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';

export function YearSelect({ id, value, onChange, allowAll }: { id: string; value: number | null; onChange: (year: number | null) => void; allowAll?: boolean }) {
  return (
    <>
      <label htmlFor={id}>年度</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        {allowAll && <option value="">全部年度</option>}
        {CAMPAIGN_YEARS.map((y) => (
          <option key={y} value={y}>
            {y}年
          </option>
        ))}
      </select>
    </>
  );
}
