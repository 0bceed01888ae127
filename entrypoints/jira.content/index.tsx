export default defineContentScript({
  matches: ['https://*.atlassian.net/*'],
  main() {
    // Issue-page detection and the overlay mount live here.
  },
});
