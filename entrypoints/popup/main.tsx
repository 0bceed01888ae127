import { render } from 'preact';

function App() {
  return <main>KR Lens popup</main>;
}

render(<App />, document.getElementById('app')!);
