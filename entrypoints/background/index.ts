export default defineBackground(() => {
  // The OKR service is registered here once it exists; the worker holds no logic of its own.
});
