/** Injection token of the DataSource that holds the compensation journal (see data-source-options). */
export const JOURNAL_DATA_SOURCE = Symbol('JOURNAL_DATA_SOURCE');
export const COMPENSATION_SCOPE = Symbol('compensation-scope');
export const TRANSACTIONAL = 'transaction:transactional';
