import { render } from 'preact';

function App() {
  return <main>KR Lens dashboard</main>;
}

render(<App />, document.getElementById('app')!);
