import { englishFootprint } from '../../features/footprint/speech/english';
import { enUS } from './en-US';
import type { Messages } from './messages';

/** British English: UK government factors, kilometres and tonnes; otherwise the same words as en-US. */
export const enGB: Messages = {
  ...enUS,
  launch: {
    ...enUS.launch,
    firstVisit: [
      `Welcome to Green Horizons. I can tell you what a trip or a month of electricity costs the climate. Try: what's the footprint of a flight from London to Edinburgh?`,
      `Welcome to Green Horizons, where you can find out the climate cost of everyday things. For example, ask: how much carbon is a hundred kilometre drive?`,
    ],
  },
  footprint: englishFootprint({ tonnes: 'tonnes', distanceUnit: 'km', petrol: 'petrol', kilometres: 'kilometres' }),
};
