/** The scripted browser lives with the stand-ins (the simulator's `.link` walks the pages with it too). */
export { decodeEntities, type Page, textOf, WebClient } from '../../../tools/stand-ins/web-client';
