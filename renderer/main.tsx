import { createRoot } from 'react-dom/client';
import { useEffect, useState } from 'react';
import { call } from './api';

function App() {
  const [info, setInfo] = useState('');
  useEffect(() => {
    void call('app.info', {}).then((i) => setInfo(i.demoPath));
  }, []);
  return <h1>精准扶贫台账 {info}</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);
