/**
 * The message for an issue whose schema names none (a list where one value was expected, an
 * unknown intent): a translation key like every other form error, never zod's English text.
 * Every form namespace (report, events, staff) has `errors.invalid` in every locale.
 */
export const invalidInput = () => "errors.invalid";
