// The toolbar's 行政村 choice of the pages that show one village or all (贫困户, 收入).
import type { VillageRow } from '../../shared/contract';

export function VillageSelect({ id, villages, value, onChange }: { id: string; villages: readonly Pick<VillageRow, 'id' | 'name'>[]; value: string; onChange: (villageId: string) => void }) {
  return (
    <>
      <label htmlFor={id}>行政村</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">全部行政村</option>
        {villages.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
    </>
  );
}
