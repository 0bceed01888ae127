/** The Options page's name for the one status line, until every section imports `components/ui/Status`. */
export { Status as StatusText } from '../ui/Status';
