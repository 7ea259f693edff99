// What node-postgres (npm "pg") does against kappadb: untyped parameters
// (every parameter is sent as text with type 0, so the server infers it),
// named prepared statements reused across calls, rowMode arrays, type
// parsing of the results, errors with SQLSTATE codes on a connection that
// stays usable.
//
// Usage: node node_pg_compat.js <port>   (with `pg` resolvable: NODE_PATH)
// Prints "ok <check>" per check; exits 1 on the first difference.
const { Client } = require('pg');

function check(name, got, want) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g !== w) {
    console.log(`FAIL ${name}: got ${g} want ${w}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}

async function main() {
  const client = new Client({ host: '127.0.0.1', port: Number(process.argv[2]), user: 'kappa', database: 'kappa' });
  await client.connect();
  await client.query('CREATE TABLE np (id BIGINT PRIMARY KEY, name TEXT, qty INTEGER, price NUMERIC(10,2), ok BOOLEAN, ts TIMESTAMP)');
  // Untyped parameters: the server infers bigint, text, integer, numeric, boolean, timestamp.
  for (let i = 1; i <= 7; i++) {
    const r = await client.query({
      name: 'ins',
      text: 'INSERT INTO np VALUES ($1, $2, $3, $4, $5, $6)',
      values: [i, `n${i}`, i * 3, `${i}.50`, i % 2 === 0, `2024-05-0${i} 12:00:00`],
    });
    check(`named insert ${i}`, r.rowCount, 1);
  }
  let r = await client.query('SELECT id, name, qty, price, ok FROM np WHERE id > $1 AND qty < $2 ORDER BY id', [2, 15]);
  check('untyped comparison parameters', r.rows.map(x => [x.id, x.name, x.qty, x.price, x.ok]),
    [['3', 'n3', 9, '3.50', false], ['4', 'n4', 12, '4.50', true]]);
  r = await client.query({ text: 'SELECT count(*), sum(qty) FROM np WHERE name LIKE $1', values: ['n%'], rowMode: 'array' });
  check('rowMode array, bigint as string', r.rows, [['7', '84']]);
  check('field metadata', r.fields.map(f => [f.name, f.dataTypeID]), [['count', 20], ['sum', 20]]);
  for (let k = 0; k < 3; k++) {
    r = await client.query({ name: 'by-id', text: 'SELECT name FROM np WHERE id = $1', values: [5] });
    check(`named select reused ${k}`, r.rows, [{ name: 'n5' }]);
  }
  r = await client.query('SELECT ts FROM np WHERE id = $1', [1]);
  check('timestamp parsed', r.rows[0].ts instanceof Date, true);
  try {
    await client.query('INSERT INTO np VALUES ($1, $2)', [1, 'dup']);
    check('duplicate key raises', false, true);
  } catch (e) {
    check('duplicate key code', e.code, '23505');
  }
  try {
    await client.query('SELECT $1::int / 0', [1]);
    check('division by zero raises', false, true);
  } catch (e) {
    check('division by zero code', e.code, '22012');
  }
  await client.query('CREATE MATERIALIZED VIEW npv AS SELECT ok, count(*) AS n FROM np GROUP BY ok');
  await client.query('INSERT INTO np (id, ok) VALUES ($1, $2)', [100, true]);
  await client.query('FLUSH');
  r = await client.query('SELECT ok, n FROM npv ORDER BY ok');
  check('view through node-postgres', r.rows, [{ ok: false, n: '4' }, { ok: true, n: '4' }]);
  await client.end();
  console.log('done');
}

main().catch(e => { console.log(`FAIL ${e.stack}`); process.exit(1); });
