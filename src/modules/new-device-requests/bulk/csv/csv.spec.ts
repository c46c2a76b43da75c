import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readHeader } from './csv-header';
import { CsvLimitError, type CsvLimits } from './csv-limits';
import { type CsvRecord, readCsv } from './csv-records';
import { readDeviceRow } from './device-row';
import { formulaSafeCell, formulaSafeRow } from './formula-safe';
import { PARSER_SLICE_BYTES, RecordGuard } from './record-guard';
import { detectSeparator } from './separator';

const LIMITS: CsvLimits = { maxBytes: 10_000, maxLineBytes: 200, maxFieldBytes: 50 };

async function records(text: string | Buffer[], limits = LIMITS): Promise<CsvRecord[]> {
  const chunks = typeof text === 'string' ? [Buffer.from(text)] : text;
  const csv = await readCsv(Readable.from(chunks), limits);
  const all: CsvRecord[] = [];
  for await (const record of csv.records) all.push(record);
  return all;
}

describe('separator detection', () => {
  it.each([
    ['ID;CREDENTIALS;TYPE', ';'],
    ['id,credentials', ','],
    ['ID\tCREDENTIALS\tNAME', '\t'],
    ['NAME,x;ID;CREDENTIALS', ';'],
    ['"a;b",ID,CREDENTIALS', ','],
    ['ID', ','],
  ])('%j → %j', (header, separator) => expect(detectSeparator(header)).toBe(separator));
});

describe('header rules', () => {
  it('reads names in any case and ignores unknown columns', () => {
    expect(readHeader(['id', ' Credentials ', 'colour', 'Type'], false)).toEqual({
      header: { index: { ID: 0, CREDENTIALS: 1, TYPE: 3 }, width: 4 },
    });
  });

  it('requires ID and CREDENTIALS, TENANT in the management tenant only', () => {
    expect(readHeader(['ID'], false)).toEqual({
      error: 'The header lacks the required column(s) CREDENTIALS',
    });
    expect(readHeader(['ID', 'CREDENTIALS'], true)).toEqual({
      error: 'The header lacks the required column(s) TENANT',
    });
    expect(readHeader(['ID', 'CREDENTIALS', 'TENANT'], true)).toHaveProperty('header');
  });

  it('requires TYPE and NAME for ICCID, IDTYPE, PATH and SHELL', () => {
    expect(readHeader(['ID', 'CREDENTIALS', 'TYPE', 'PATH', 'SHELL'], false)).toEqual({
      error: 'Columns PATH, SHELL need the columns TYPE and NAME in the file',
    });
    expect(readHeader(['ID', 'CREDENTIALS', 'TYPE', 'NAME', 'ICCID'], false)).toHaveProperty('header');
  });

  it('refuses a column named twice', () => {
    expect(readHeader(['ID', 'id', 'CREDENTIALS'], false)).toEqual({
      error: 'Column ID appears twice in the header',
    });
  });
});

describe('row rules', () => {
  const full = ['ID', 'CREDENTIALS', 'TENANT', 'TYPE', 'NAME', 'ICCID', 'IDTYPE', 'PATH', 'SHELL'];
  const header = (readHeader(full, false) as { header: never }).header;
  const row = (cells: string[], management = false) => readDeviceRow(cells, 7, header, ';', management);

  it('builds a device with defaults (IDTYPE c8y_Serial, no group, no shell) and ignores TENANT', () => {
    expect(row(['d1', 'pw', 'other', 't', 'Device 1', '', '', '', ''])).toEqual({
      row: {
        line: 7,
        deviceId: 'd1',
        password: 'pw',
        tenant: undefined,
        type: 't',
        name: 'Device 1',
        iccid: undefined,
        idType: 'c8y_Serial',
        path: [],
        shell: false,
      },
    });
  });

  it('splits PATH into groups, reads SHELL=1 and the IDTYPE', () => {
    const result = row(['d1', 'pw', '', 't', 'n', '123', 'c8y_Imei', 'main/ sub /leaf', '1']);
    expect(result).toMatchObject({
      row: { iccid: '123', idType: 'c8y_Imei', path: ['main', 'sub', 'leaf'], shell: true },
    });
  });

  it.each([
    [['', 'pw', '', '', '', '', '', '', ''], undefined, 'ID is empty'],
    [['d1', '', '', '', '', '', '', '', ''], 'd1', 'CREDENTIALS is empty'],
    [['d1', 'pw', '', '', '', '1', '', '', ''], 'd1', 'ICCID need TYPE and NAME in the same row'],
    [['d1', 'pw', '', 't', '', '', '', 'a/b', '1'], 'd1', 'PATH, SHELL need TYPE and NAME in the same row'],
    [['d1', 'pw', '', 't', 'n', '', '', 'a//b', ''], 'd1', 'PATH has an empty group name'],
    [['d1', 'pw'], 'd1', 'The row has 2 values where the header has 9'],
    [
      ['x'.repeat(256), 'pw', '', '', '', '', '', '', ''],
      'x'.repeat(256),
      'ID is longer than 255 characters',
    ],
  ])('fails %j', (cells, deviceId, reason) => {
    expect(row(cells)).toEqual({
      failure: { line: 7, deviceId, reason, text: cells.map((c, i) => (i === 1 ? '***' : c)).join(';') },
    });
  });

  it('needs TENANT on every row of the management tenant', () => {
    expect(row(['d1', 'pw', '', '', '', '', '', '', ''], true)).toMatchObject({
      failure: { reason: 'TENANT is empty (required in the management tenant)' },
    });
    expect(row(['d1', 'pw', 't1', '', '', '', '', '', ''], true)).toMatchObject({ row: { tenant: 't1' } });
  });
});

describe('streamed records', () => {
  it('numbers records from the header, skips blank lines, keeps quoted newlines in one record', async () => {
    const text = 'ID;CREDENTIALS\r\nd1;"p;w"\r\n\r\nd2;"two\nlines"\n';
    expect(await records(text)).toEqual([
      { line: 1, cells: ['ID', 'CREDENTIALS'] },
      { line: 2, cells: ['d1', 'p;w'] },
      { line: 4, cells: ['d2', 'two\nlines'] },
    ]);
  });

  it('finds the header across chunks', async () => {
    const chunks = ['I', 'D\tCRED', 'ENTIALS\nd1\t', 'pw\n'].map((s) => Buffer.from(s));
    expect((await records(chunks)).map((r) => r.cells)).toEqual([
      ['ID', 'CREDENTIALS'],
      ['d1', 'pw'],
    ]);
  });

  it('hands the parser slices of at most PARSER_SLICE_BYTES, bytes unchanged, records whole', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => `dev-${i};"pw;${i}"\n`);
    const text = `ID;CREDENTIALS\n${lines.join('')}`;
    const slices: Buffer[] = [];
    const guard = new RecordGuard({ maxBytes: 1e6, maxLineBytes: 100, maxFieldBytes: 50 }, 0x3b);
    guard.on('data', (slice: Buffer) => slices.push(slice));
    await pipeline(Readable.from([Buffer.from(text)]), guard);
    expect(slices.length).toBe(Math.ceil(text.length / PARSER_SLICE_BYTES));
    expect(slices.every((slice) => slice.length <= PARSER_SLICE_BYTES)).toBe(true);
    expect(Buffer.concat(slices).toString()).toBe(text);
    const parsed = await records([Buffer.from(text)], { ...LIMITS, maxBytes: 1e6 });
    expect(parsed).toHaveLength(601);
    expect(parsed[600]).toEqual({ line: 601, cells: ['dev-599', 'pw;599'] });
  });

  const failure = async (text: string, limits = LIMITS) =>
    records(text, limits).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('stops an unterminated quote at the line cap, naming the line', async () => {
    const text = `ID,CREDENTIALS\nd1,pw\nd2,"${'x,\n'.repeat(200)}`;
    const error = await failure(text, { ...LIMITS, maxFieldBytes: 1000 });
    expect(error).toBeInstanceOf(CsvLimitError);
    expect(error).toMatchObject({ limit: 'MAX_LINE_BYTES', line: 3 });
    expect((error as CsvLimitError).status).toBe(422);
    expect((error as Error).message).toBe('MAX_LINE_BYTES (200 bytes) exceeded at line 3');
  });

  it('stops a long cell at the field cap and a long header at the line cap', async () => {
    expect(await failure(`ID,CREDENTIALS\nd1,${'p'.repeat(51)}\n`)).toMatchObject({
      limit: 'MAX_FIELD_BYTES',
      line: 2,
    });
    expect(await failure(`ID,${'C'.repeat(300)}\n`)).toMatchObject({ limit: 'MAX_LINE_BYTES', line: 1 });
  });

  it('stops the upload at the byte cap with a 413', async () => {
    const error = await failure(`ID,CREDENTIALS\n${'d,p\n'.repeat(100)}`, { ...LIMITS, maxBytes: 100 });
    expect(error).toMatchObject({ limit: 'UPLOAD_LIMIT_BYTES' });
    expect((error as CsvLimitError).status).toBe(413);
  });
});

describe('formula-safe report cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['plain, text', '"plain, text"'],
  ])('%j → %j', (value, cell) => expect(formulaSafeCell(value)).toBe(cell));

  it('writes a CRLF row with empty cells for missing values', () => {
    expect(formulaSafeRow([3, undefined, 'FAILED'])).toBe('"3","","FAILED"\r\n');
  });
});
