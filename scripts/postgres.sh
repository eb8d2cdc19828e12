# Sourced by run-tests.sh: sets POSTGRES_URL, starting the local Debian cluster if needed.
if [ -n "${DATABASE_URL:-}" ]; then
  POSTGRES_URL="$DATABASE_URL"
else
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster="$version main"
  fi
  pg_ctlcluster $cluster start 2>/dev/null || true
  port=$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')
  runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'quinzaine') THEN
    CREATE ROLE quinzaine LOGIN CREATEDB PASSWORD 'quinzaine';
  END IF;
END \$\$;
SQL
  POSTGRES_URL="postgres://quinzaine:quinzaine@127.0.0.1:$port/postgres"
fi
export POSTGRES_URL
