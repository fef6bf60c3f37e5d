// The embedded SQLite database, with interactive transactions isolated from the rest of the process.
//
// @prisma/adapter-better-sqlite3 runs every query on one connection, and its lock covers only
// BEGIN: while a transaction waits between two of its queries, another request's query runs on the
// same connection, i.e. inside that transaction — it reads the uncommitted rows and its writes are
// rolled back with it. Here transactions get a connection of their own and run one at a time;
// outside the transaction, a SELECT goes straight to the main connection (WAL: it reads the last
// committed state, never blocks), while anything that writes waits in JavaScript until the
// transaction ends. Waiting in JavaScript matters: better-sqlite3 is synchronous, so meeting the
// transaction's lock inside SQLite would block the event loop — and with it the transaction — for
// the whole busy timeout. The busy timeout is for other processes (the CLI, a migration).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** A statement that cannot write; anything else (PRAGMA, WITH …, DML) is treated as a write. */
const READ_ONLY = /^\s*SELECT\b/i;
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\b/i;

export class IsolatedSqlite implements SqlDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly #inner: PrismaBetterSQLite3;
  readonly #inMemory: boolean;

  constructor(file: string) {
    this.#inner = new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
    this.adapterName = this.#inner.adapterName;
    // A second connection to ':memory:' (or '') would be a second, empty database.
    this.#inMemory = file === ':memory:' || file === '';
  }

  async connect(): Promise<SqlDriverAdapter> {
    const main = await this.#inner.connect();
    keepStatements(main);
    if (this.#inMemory) return new IsolatedSqliteAdapter(main, main);
    // WAL is stored in the file, so it holds for every later connection and process.
    await main.executeScript(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`);
    const forTransactions = await this.#inner.connect();
    keepStatements(forTransactions);
    await forTransactions.executeScript(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`);
    return new IsolatedSqliteAdapter(main, forTransactions);
  }
}

type Statement = {
  reader: boolean;
  run(args?: unknown[]): unknown;
  columns(): unknown[];
  raw(on: boolean): { all(args: unknown[]): unknown[] };
};
type Database = { prepare(sql: string): Statement };

const MAX_STATEMENTS = 1000;

/**
 * The adapter prepares every statement anew (`client.prepare(sql).bind(args)`): parsing and
 * planning the SQL again on each query cost as much as running it. Here the connection keeps its
 * prepared statements, by SQL text (the plan cache of ./plan-cache.ts makes the text the same for
 * every value), and hands the adapter a statement bound to this call's values only. The adapter
 * uses `reader`, `run()`, `columns()` and `raw().all()` on what `bind` returns (adapter 6.19). better-sqlite3
 * is synchronous: a statement is never used by two queries at once.
 */
function keepStatements(adapter: SqlDriverAdapter): void {
  const db = (adapter as unknown as { client?: Database }).client;
  if (!db || typeof db.prepare !== 'function') return;
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  db.prepare = (sql: string) => {
    let st = cache.get(sql);
    if (st) {
      cache.delete(sql);
    } else {
      st = prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, st);
    const statement = st;
    return {
      reader: statement.reader,
      run: () => statement.run(),
      columns: () => statement.columns(),
      raw: () => statement.raw(true),
      bind: (args: unknown[]) => ({
        reader: statement.reader,
        run: () => statement.run(args),
        columns: () => statement.columns(),
        raw: () => ({ all: () => statement.raw(true).all(args) }),
      }),
    } as unknown as Statement;
  };
}

class IsolatedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  /** Settles when the open transaction ends; undefined when none is open. */
  #open: Promise<void> | undefined;
  /** The end of the last transaction started or waiting to start: each one waits for the one before. */
  #last: Promise<void> = Promise.resolve();

  constructor(
    private readonly main: SqlDriverAdapter,
    private readonly forTransactions: SqlDriverAdapter,
  ) {
    this.adapterName = main.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (this.#open && this.#mustWait(query.sql)) return this.#afterTransactions(() => this.main.queryRaw(query));
    return this.main.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    if (this.#open && this.#mustWait(query.sql)) return this.#afterTransactions(() => this.main.executeRaw(query));
    return this.main.executeRaw(query);
  }

  executeScript(script: string): Promise<void> {
    if (this.#open) return this.#afterTransactions(() => this.main.executeScript(script));
    return this.main.executeScript(script);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const previous = this.#last;
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.#last = previous.then(() => ended);
    await previous;
    this.#open = ended;
    const close = () => {
      if (this.#open === ended) this.#open = undefined;
      end();
    };
    try {
      return new IsolatedTransaction(await this.forTransactions.startTransaction(isolationLevel), close);
    } catch (err) {
      close();
      throw err;
    }
  }

  async dispose(): Promise<void> {
    if (this.forTransactions !== this.main) await this.forTransactions.dispose();
    await this.main.dispose();
  }

  /** With one shared connection (in memory) even a read would run inside the transaction. */
  #mustWait(sql: string): boolean {
    return this.forTransactions === this.main || !READ_ONLY.test(sql);
  }

  async #afterTransactions<T>(run: () => Promise<T>): Promise<T> {
    while (this.#open) await this.#open;
    // No await between the check and the call: the statement starts before a transaction can.
    return run();
  }
}

class IsolatedTransaction implements Transaction {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly options: Transaction['options'];
  #ended = false;

  constructor(
    private readonly tx: Transaction,
    private readonly close: () => void,
  ) {
    this.adapterName = tx.adapterName;
    this.options = tx.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.tx.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    if (!ENDS_TRANSACTION.test(query.sql)) return this.tx.executeRaw(query);
    try {
      return await this.tx.executeRaw(query);
    } catch (err) {
      // Prisma calls commit()/rollback() only after its COMMIT/ROLLBACK statement succeeded; a
      // failed one (SQLITE_BUSY from another process) would otherwise keep every later
      // transaction and write waiting forever.
      await this.tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => undefined);
      await this.rollback();
      throw err;
    }
  }

  commit(): Promise<void> {
    return this.#end(() => this.tx.commit());
  }

  rollback(): Promise<void> {
    return this.#end(() => this.tx.rollback());
  }

  async #end(finish: () => Promise<void>): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    try {
      await finish();
    } finally {
      this.close();
    }
  }
}
