// Trunk's initializer hooks (`data-initializer` in index.html): the wasm is
// fetched as a stream, and every chunk moves the skeleton's progress bar.
// The skeleton itself and its words are in index.html.
export default function initializer() {
  const loading = window.__loopscopeLoading;
  return {
    onProgress: ({ current, total }) => {
      if (total > 0) loading.progress(Math.min(100, Math.floor((100 * current) / total)));
    },
    onSuccess: () => loading.done(),
    onFailure: (error) => {
      const words = loading.words;
      const noWasm = typeof WebAssembly !== 'object';
      loading.fail(noWasm ? words.noWasm : words.network);
      console.error('Loopscope could not start:', error);
    },
  };
}
