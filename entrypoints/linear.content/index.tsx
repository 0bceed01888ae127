export default defineContentScript({
  matches: ['https://linear.app/*'],
  main() {
    // Issue-page detection and the overlay mount live here.
  },
});
