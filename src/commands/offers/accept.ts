import { offerActionSubcommand } from './action.js';

export const accept = offerActionSubcommand('accept', 'Accept a trade offer sent to the bot');
