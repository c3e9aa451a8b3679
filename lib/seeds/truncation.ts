/**
 * The "strangeness" control the site offers: psi in [TRUNCATION_MIN, TRUNCATION_MAX], 1 = untruncated.
 * Below 0.3 symbols collapse towards one average blob; above 1.5 the generator sees latents far
 * outside what it was trained on and mostly draws noise. Apart from ./latent (the maths), so that lib/links, which every
 * page's first-load code uses, can name the default without carrying the latent maths.
 */
export const TRUNCATION_MIN = 0.3;
export const TRUNCATION_MAX = 1.5;
export const TRUNCATION_DEFAULT = 1;
