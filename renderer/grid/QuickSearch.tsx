// The quick-search box over a grid. Matching (text, pinyin initials, full pinyin) is the grid's
// quick filter with searchText() per name column; typing is debounced so large grids stay smooth.
import { useEffect, useMemo, useState } from 'react';

export interface QuickSearchState {
  text: string;
  applied: string;
  setText(text: string): void;
  clear(): void;
}

export function useQuickSearch(delayMs = 250): QuickSearchState {
  const [text, setText] = useState('');
  const [applied, setApplied] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setApplied(text.trim()), delayMs);
    return () => clearTimeout(t);
  }, [text, delayMs]);
  return useMemo(
    () => ({
      text,
      applied,
      setText,
      clear: () => {
        setText('');
        setApplied('');
      },
    }),
    [text, applied],
  );
}

export function QuickSearch({ id, search, placeholder }: { id: string; search: QuickSearchState; placeholder: string }) {
  return (
    <span className="quick-search">
      <label htmlFor={id}>快速搜索</label>
      <input
        id={id}
        type="search"
        value={search.text}
        placeholder={placeholder}
        title={`${placeholder}（拼音可用首字母或全拼；按 Esc 清除）`}
        onChange={(e) => search.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') search.clear();
        }}
        spellCheck={false}
        autoComplete="off"
      />
    </span>
  );
}
