/**
 * Passwords attackers try first: the most common entries of public breach lists that are 10 characters or
 * longer (shorter ones already fail the length rule), keyboard walks, and the obvious local choices for a
 * 12345 hotline (docs/SECURITY.md "Passwords"). Compared case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "1234567890", "0123456789", "0987654321", "9876543210", "12345678910", "123456789a", "a123456789",
  "1234567890a", "1234567890q", "123456789q", "q123456789", "1qaz2wsx3edc", "1q2w3e4r5t", "1q2w3e4r5t6y",
  "qwertyuiop", "qwertyuiop123", "asdfghjkl1", "asdfghjkl;", "zxcvbnm123", "zxcvbnm,./", "qwerty1234",
  "qwerty12345", "qwerty123456", "qazwsxedc123", "qazwsxedcrfv", "!qaz2wsx#edc", "1qazxsw23edc",
  "password12", "password123", "password1234", "password12345", "password123456", "password!!",
  "password@123", "password#1", "p@ssw0rd123", "p@ssword123", "passw0rd123", "passw0rd12", "pass@word1",
  "mypassword", "mypassword1", "newpassword", "changeme123", "changeme12", "letmein1234", "welcome123",
  "welcome1234", "welcome@123", "administrator", "admin12345", "admin123456", "admin@12345", "administrator1",
  "rootroot12", "root123456", "superuser1", "iloveyou12", "iloveyou123", "sunshine123", "football123",
  "baseball123", "princess123", "dragon1234", "monkey12345", "master1234", "shadow1234", "trustno1234",
  "abc1234567", "abcd123456", "abcdefghij", "abcdefg123", "abcde12345", "aa12345678", "aaaaaaaaaa",
  "1111111111", "0000000000", "2222222222", "5555555555", "6666666666", "8888888888", "9999999999",
  "1234512345", "1122334455", "1212121212", "1231231231", "1234554321", "1234567899", "1029384756",
  "5201314520", "5201314521", "1314520520", "woaini1314", "woaini5201314", "iloveyou520",
  "qq123456789", "qq1234567890", "zhang123456", "wang123456", "li12345678", "liu1234567", "chen123456",
  "zhangwei123", "wangwei123", "huying12345", "huying123456", "huying2024", "huying2025",
  "huying2026", "hotline12345", "12345hotline", "hotline123456", "rexian12345", "12345rexian",
  "zhengwu12345", "zhengfu12345", "gov12345678", "china12345", "china123456", "beijing123", "beijing2008",
  "shanghai123", "shenzhen123", "guangzhou123", "chengdu123", "hangzhou123", "nanjing123", "wuhan12345",
  "admin-admin", "admin_admin", "adminadmin", "useruser12", "test123456", "testtest12", "test@12345",
  "guest12345", "demo123456", "demodemo12", "default123", "secret1234", "secret12345", "computer123",
  "internet123", "starwars123", "michael123", "jennifer123", "whatever12", "1q2w3e4r5t6y7u", "zaq12wsxcde",
  "qwer123456", "asdf123456", "zxcv123456", "qwe1234567", "asd1234567", "zxc1234567", "q1w2e3r4t5",
  "a1b2c3d4e5", "1a2b3c4d5e", "aa123456789", "abc123456789", "123qweasdzxc", "qweasdzxc123", "123456qwerty",
]);
