import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './grid/setup';
import './styles.css';
import { App } from './App';
import { WallApp } from './wall/WallApp';
import { PrintApp } from './print/PrintApp';
import { PRINT_HASH_PREFIX } from '../shared/domain/letters';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The wall display (大屏) is this renderer opened with #wall in a window of kind 'wall'; the
        print route (#print?…) in a hidden window of kind 'print'. */}
    {window.location.hash === '#wall' ? <WallApp /> : window.location.hash.startsWith(PRINT_HASH_PREFIX) ? <PrintApp /> : <App />}
  </StrictMode>,
);
