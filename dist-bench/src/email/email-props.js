import { EmailTemplate } from './email-template.js';
//# sourceMappingURL=email-props.js.map