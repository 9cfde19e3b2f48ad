import { offerActionSubcommand } from './action.js';

export const decline = offerActionSubcommand('decline', 'Decline a trade offer sent to the bot');
