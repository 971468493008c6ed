import { sanitizeAssetName } from '../../emulator/index.ts';

test.each([
  ['app-1.0_x64.tar.gz', 'app-1.0_x64.tar.gz'],
  ['My App (x64).zip', 'My.App.x64.zip'],
  ['README (windows).txt', 'README.windows.txt'],
  ['fake.      file.txt', 'fake.file.txt'],
  ['.env', 'default.env'],
  ['ćwiczenie.txt', 'cwiczenie.txt'],
  ['!!!', 'default'],
])('GitHub renames %j to %j', (name, expected) => {
  expect(sanitizeAssetName(name)).toBe(expected);
});
