import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './grid/setup';
import './styles.css';
import { App } from './App';
import { WallApp } from './wall/WallApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The wall display (大屏) is this renderer opened with #wall in a window of kind 'wall'. */}
    {window.location.hash === '#wall' ? <WallApp /> : <App />}
  </StrictMode>,
);
