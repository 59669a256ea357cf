/**
 * The pages' own Content-Security-Policy, stricter than the API's (which allows Swagger UI's
 * inline styles): no script at all, styles and images from this origin only, forms post here
 * or, for the donate form's 303, on to Stripe Checkout (Chromium applies form-action to the
 * redirect that follows a form post).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self' https://checkout.stripe.com",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
