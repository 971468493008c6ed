/**
 * Prettier: the code's existing habits (single quotes, trailing commas, semicolons) at 120 columns,
 * which most of the hand-wrapped comments and signatures already fit.
 */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};
