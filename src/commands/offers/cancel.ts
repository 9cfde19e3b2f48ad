import { offerActionSubcommand } from './action.js';

export const cancel = offerActionSubcommand('cancel', 'Cancel a trade offer the bot sent');
