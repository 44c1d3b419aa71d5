#!/usr/bin/env bash
# End-to-end checks of the `tandem` command line on a fresh database, as a
# coordinator would use it. Usage: tests/cli_test.sh TANDEM_BINARY
# The database is SQLite in a temporary folder, or PostgreSQL when
# TANDEM_TEST_BACKEND=postgresql (TANDEM_TEST_POSTGRES from scripts/with-postgres.sh).
set -uo pipefail
tandem=$1
work=$(mktemp -d /tmp/tandem-cli-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

if [[ ${TANDEM_TEST_BACKEND:-sqlite} == postgresql ]]; then
  [[ -n ${TANDEM_TEST_POSTGRES:-} ]] || { echo "TANDEM_TEST_POSTGRES is not set (use scripts/with-postgres.sh)"; exit 1; }
  # A database of its own, so that the store tests running beside it are not disturbed.
  dbname="cli_$$"
  base=${TANDEM_TEST_POSTGRES%/*}
  hostport=${base#*@}
  "$TANDEM_TEST_PGBIN/createdb" -h "${hostport%:*}" -p "${hostport#*:}" -U postgres "$dbname"
  export TANDEM_DB="$base/$dbname"
else
  export TANDEM_DB="sqlite:$work/tandem.db"
fi

check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then
    passes=$((passes + 1))
  else
    failures=$((failures + 1))
    echo "FAIL: $name"
  fi
}
contains() { grep -qF -- "$2" "$1"; }

# Every subcommand has help.
for cmd in "" migrate program "program create" "program list" "program templates" \
  "program taxonomy-export" "program taxonomy-import" import "import participants" "import responses" \
  export "export participants" demo user "user create" "user disable" "user enable" \
  meetings "meetings export" mail "mail test" evaluate "evaluate association" "evaluate prepost" report; do
  # shellcheck disable=SC2086
  check "help for '$cmd'" "$tandem" $cmd --help >/dev/null
done

check "migrate" "$tandem" migrate >"$work/out" 2>&1
check "migrate reports" contains "$work/out" "0001_init.sql"
check "migrate again is a no-op" "$tandem" migrate >"$work/out" 2>&1
check "up to date" contains "$work/out" "up to date"

check "program create" "$tandem" program create --name "Fellows 2026" --field hematology \
  --kind cohort --cross-institution --starts 2026-07-01 --ends 2027-06-30 --cadence-days 30 >/dev/null
! "$tandem" program create --name "Bad dates" --field hematology --starts 2026-13-01 >"$work/out" 2>&1
check "bad date rejected" contains "$work/out" "YYYY-MM-DD"
! "$tandem" program create --name "Fellows 2026" --field hematology >"$work/out" 2>&1
check "duplicate name rejected" contains "$work/out" "already exists"

# A program's own vocabulary: templates, created from one, the file out and in.
"$tandem" program templates >"$work/out"
check "templates listed" contains "$work/out" "template:oncology_nursing"
check "program from a template" "$tandem" program create --name "Nurses 2027" --field nursing \
  --vocabulary template:oncology_nursing >/dev/null
check "taxonomy export" "$tandem" program taxonomy-export --program "Nurses 2027" --out "$work/tax.csv"
check "exported file" contains "$work/tax.csv" "topic,chemotherapy administration,chemotherapy and immunotherapy administration"
printf 'list,value,parent\ntopic,a,b\n' >"$work/badtax.csv"
! "$tandem" program taxonomy-import --program "Nurses 2027" "$work/badtax.csv" >"$work/out" 2>&1
check "bad taxonomy names row and column" contains "$work/out" "row 2, column parent"
check "taxonomy import" "$tandem" program taxonomy-import --program "Nurses 2027" "$work/tax.csv"
! "$tandem" program create --name "Nope" --field x --vocabulary template:astrology >"$work/out" 2>&1
check "unknown template rejected" contains "$work/out" "no template \"astrology\""

# An import with errors writes nothing and lists every problem.
"$tandem" import participants examples/participants-with-errors.csv --program "Fellows 2026" \
  >"$work/out" 2>"$work/err"
check "bad import exits non-zero" test $? -ne 0
check "bad import lists capacity" contains "$work/err" "row 2, column capacity"
check "bad import lists time zone" contains "$work/err" "row 3, column time_zone"
check "bad import lists duplicate id" contains "$work/err" "row 4, column id"
check "bad import lists role" contains "$work/err" "row 5, column role"
check "bad import says nothing imported" contains "$work/err" "nothing was imported"
"$tandem" program list >"$work/out"
check "nothing imported" grep -qE "Fellows 2026 +cohort +draft +0 +0" "$work/out"

# The fixed file imports completely.
check "good import" "$tandem" import participants examples/participants.csv --program "Fellows 2026" \
  >"$work/out" 2>&1
check "good import counts" contains "$work/out" "Imported 6 participants"
"$tandem" program list >"$work/out"
check "listed with counts" grep -qE "Fellows 2026 +cohort +draft +3 +3" "$work/out"

# Export re-imports to the same data: export, import into a copy, export again, compare.
check "export" "$tandem" export participants --program "Fellows 2026" --out "$work/a.csv"
"$tandem" program create --name "Copy" --field hematology >/dev/null
check "re-import export" "$tandem" import participants "$work/a.csv" --program Copy >/dev/null
check "export copy" "$tandem" export participants --program Copy --out "$work/b.csv"
check "round trip identical" cmp -s "$work/a.csv" "$work/b.csv"
check "export has every row" test "$(wc -l <"$work/a.csv")" -eq 7

# Re-importing cannot take over an account (Ana is in two programs now): a row
# problem naming row and column, no SQL, nothing written.
printf 'role,id,name,email\nmentor,M1,Dr. Ana Ruiz,me@evil.example\nmentee,X9,New,ben.okafor@ucsf.example.edu\n' \
  >"$work/takeover.csv"
! "$tandem" import participants "$work/takeover.csv" --program Copy >"$work/out" 2>"$work/err"
check "takeover refused" contains "$work/err" "row 2, column email: \"me@evil.example\" differs"
check "takeover says nothing imported" contains "$work/err" "nothing was imported"
check "no SQL in import problems" bash -c "! grep -qi 'constraint\\|UNIQUE' '$work/err'"
check "export unchanged after refusal" "$tandem" export participants --program Copy --out "$work/c.csv"
check "refused import wrote nothing" cmp -s "$work/a.csv" "$work/c.csv"

# Formula-looking values are exported with a quote in front and read back.
printf 'role,id,name\nmentor,F1,=1+1\nmentee,F2,@Sam\n' >"$work/formula.csv"
"$tandem" program create --name "Formulas" --field hematology >/dev/null
check "formula import" "$tandem" import participants "$work/formula.csv" --program Formulas >/dev/null
check "formula export" "$tandem" export participants --program Formulas --out "$work/f.csv"
check "formula escaped" contains "$work/f.csv" "mentor,F1,'=1+1,"
"$tandem" program create --name "Formulas copy" --field hematology >/dev/null
check "escaped re-import" "$tandem" import participants "$work/f.csv" --program "Formulas copy" >/dev/null
check "escaped export again" "$tandem" export participants --program "Formulas copy" --out "$work/g.csv"
check "escaped round trip identical" cmp -s "$work/f.csv" "$work/g.csv"

# Meetings: the export of a program without meetings is its header (the
# rows are checked in tests/meetings_test.cc).
check "meetings export" "$tandem" meetings export --program Formulas --out "$work/m.csv"
check "meetings header" contains "$work/m.csv" "meeting_id,pair_id,mentee_id,mentee,mentor_id,mentor,starts_at,minutes,mode,status"
! "$tandem" meetings export --program "No such program" >"$work/out" 2>&1
check "meetings: unknown program named" contains "$work/out" "No such program"

# Mail settings are checked before anything is sent (delivery itself: tests/mail_test.cc).
! "$tandem" mail test --to a@x.test >"$work/out" 2>&1
check "mail test: no server named" contains "$work/out" "--smtp-url"
! "$tandem" mail test --to a@x.test --smtp-url smtp://127.0.0.1:1 >"$work/out" 2>&1
check "mail test: sender asked for" contains "$work/out" "--mail-from"
! "$tandem" mail test --to a@x.test --smtp-url http://x --mail-from a@x.test >"$work/out" 2>&1
check "mail test: scheme explained" contains "$work/out" "smtp://"
! "$tandem" mail test --to a@x.test --smtp-url smtp://127.0.0.1:1 --smtp-user u --mail-from a@x.test >"$work/out" 2>&1
check "mail test: password asked for" contains "$work/out" "TANDEM_SMTP_PASSWORD"
! "$tandem" mail test --to a@x.test --smtp-url smtp://127.0.0.1:1 --smtp-insecure --mail-from a@x.test >"$work/out" 2>&1
check "mail test: unreachable server said" contains "$work/out" "could not reach the mail server"
! "$tandem" mail test --to not-an-address --smtp-url smtp://127.0.0.1:1 --mail-from a@x.test >"$work/out" 2>&1
check "mail test: bad address said" contains "$work/out" "is not an e-mail address"

! "$tandem" export participants --program "No such program" >"$work/out" 2>&1
check "unknown program named" contains "$work/out" "No such program"
! "$tandem" import participants "$work/missing.csv" --program Copy >"$work/out" 2>&1
check "missing file named" contains "$work/out" "missing.csv"

# The demo: same seed, same files.
check "demo" "$tandem" demo --seed 11 --out-dir "$work/demo1" >"$work/out"
check "demo loads fellows" contains "$work/out" "34 mentors, 35 mentees"
check "demo again" "$tandem" demo --seed 11 --out-dir "$work/demo2" >"$work/out"
check "demo idempotent" contains "$work/out" "Already present"
check "demo deterministic" cmp -s "$work/demo1/fellows-2026.csv" "$work/demo2/fellows-2026.csv"
check "demo last year deterministic" cmp -s "$work/demo1/fellows-2025.csv" "$work/demo2/fellows-2025.csv"
check "demo last year's association" "$tandem" evaluate association \
  --program "Hematology Fellows Mentoring 2025-26" --survey "End-of-program survey (mentees)" \
  --predictor good_match --outcomes confidence,career_development,professional_identity \
  >"$work/out"
check "demo last year's P values" contains "$work/out" "0.0423"
check "demo last year's P value of identity" contains "$work/out" "0.0302"
# The program report, as a page, as data and as a PDF read back by pdftotext.
check "report html" "$tandem" report --program "Hematology Fellows Mentoring 2025-26" \
  --out "$work/report.html"
check "report html has the completion" contains "$work/report.html" \
  "33 of 35 (94.3%; 95% CI 81.4–98.4% Wilson, 80.8–99.3% exact)"
check "report json" "$tandem" report --program "Hematology Fellows Mentoring 2025-26" \
  --format json --out "$work/report.json"
check "report json has the association" contains "$work/report.json" '"predictor": "good_match"'
check "report pdf" "$tandem" report --program "Hematology Fellows Mentoring 2025-26" \
  --format pdf --out "$work/report.pdf"
pdftotext "$work/report.pdf" "$work/report.txt"
check "report pdf has the completion" contains "$work/report.txt" "33 of 35 (94.3%"
check "report pdf has the retention" contains "$work/report.txt" "23 of 35 (65.7%"
! "$tandem" evaluate prepost --program "Hematology Fellows Mentoring 2025-26" --item confidence \
  --before 1 --after 1 >"$work/out" 2>&1
check "prepost of one wave refused" contains "$work/out" "compare two different waves"

# Accounts: the first admin, then disabling and enabling someone.
printf 'a-long-first-secret\n' | "$tandem" user create --email root@cli.test --name Root --admin \
  --password-stdin >"$work/out" 2>&1
check "user create" contains "$work/out" "(administrator)"
printf 'another-long-secret\n' | "$tandem" user create --email ana@cli.test --name Ana \
  --password-stdin >/dev/null 2>&1
! printf 'password123\n' | "$tandem" user create --email weak@cli.test --name Weak \
  --password-stdin >"$work/out" 2>&1
check "common password refused" contains "$work/out" "attacker tries"
check "user disable" "$tandem" user disable --email " ANA@cli.test" >"$work/out" 2>&1
check "user disabled said" contains "$work/out" "is disabled"
"$tandem" user list >"$work/out" 2>&1
check "list shows disabled" grep -qE "ana@cli.test .*disabled" "$work/out"
check "user enable" "$tandem" user enable --email ana@cli.test >"$work/out" 2>&1
check "user enabled said" contains "$work/out" "is enabled"
! "$tandem" user disable --email nobody@cli.test >"$work/out" 2>&1
check "unknown account named" contains "$work/out" "nobody@cli.test"

# Survey responses collected elsewhere (docs/surveys.md).
check "responses as a new survey" "$tandem" import responses examples/survey.csv \
  --program "Fellows 2026" --create "End of program 2025" >"$work/out" 2>&1
check "responses counted" contains "$work/out" "Imported 33 responses"
printf 'good_match,satisfied\nagree,sort of\nmaybe,agree\n' >"$work/bad-responses.csv"
"$tandem" import responses "$work/bad-responses.csv" --program "Fellows 2026" \
  --survey "End of program 2025" >"$work/out" 2>"$work/err"
check "bad responses exit non-zero" test $? -ne 0
check "bad responses: unknown column" contains "$work/err" "row 1, column satisfied"
! "$tandem" import responses "$work/bad-responses.csv" --program "Fellows 2026" \
  --survey "Nope" >"$work/out" 2>&1
check "unknown survey named" contains "$work/out" 'no survey "Nope"'
check "evaluate association" "$tandem" evaluate association --program "Fellows 2026" \
  --survey "End of program 2025" --predictor good_match \
  --outcomes confidence,career_development,professional_identity >"$work/out" 2>&1
check "the reference program's P" grep -qE "professional_identity +32 +1 .* 0\.0302" "$work/out"

if [[ ${TANDEM_TEST_BACKEND:-sqlite} == postgresql ]]; then
  "$TANDEM_TEST_PGBIN/dropdb" -h "${hostport%:*}" -p "${hostport#*:}" -U postgres "$dbname" || true
fi
echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
