import { render } from 'preact';

function App() {
  return <main>KR Lens options</main>;
}

render(<App />, document.getElementById('app')!);
