import { CreateFoundation1764150000000 } from './1764150000000-CreateFoundation.js';
import { CreateEmailOutbox1764150100000 } from './1764150100000-CreateEmailOutbox.js';
export const MIGRATIONS = [CreateFoundation1764150000000, CreateEmailOutbox1764150100000];
//# sourceMappingURL=index.js.map