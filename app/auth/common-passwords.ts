/**
 * Common passwords of 12 characters or more (shorter ones are refused anyway), lower case.
 * A short list shipped with the app; a password made of one repeated character or a plain
 * run of digits is refused by rule as well.
 */
export const commonPasswords = new Set([
  "123456789012", "1234567890123", "12345678901234", "123456789123", "111111111111", "000000000000",
  "password1234", "password12345", "password123!", "passw0rd1234", "p@ssword1234", "password2024", "password2025", "password2026",
  "qwertyuiopas", "qwerty123456", "qwertyuiop12", "1qaz2wsx3edc", "1q2w3e4r5t6y", "zaq12wsxcde3", "asdfghjkl123",
  "iloveyou1234", "letmein12345", "welcome12345", "welcome2024!", "admin1234567", "administrator", "administrator1",
  "changeme1234", "trustno11234", "football1234", "baseball1234", "sunshine1234", "princess1234", "dragon123456",
  "monkey123456", "superman1234", "starwars1234", "whatever1234", "computer1234", "internet1234",
  "kodeord12345", "kodeord123456", "adgangskode1", "adgangskode12", "sommerfugl12", "velkommen123", "velkommen1234",
  "lösenord1234", "losenord1234", "lösenord12345", "sommar123456", "välkommen123", "valkommen123",
  "passord12345", "passord123456", "velkommen2024", "sommer123456", "hemmelig1234", "trygg1234567", "tryggvalg123",
]);

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  if (/^(.)\1+$/.test(lower)) return true;
  return "01234567890123456789".includes(lower) || "98765432109876543210".includes(lower);
}
