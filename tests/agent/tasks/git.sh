# git: init, commit, branch, merge, diff, log, clone of a local repository.
. "${0%/*}/../lib.sh"
need git
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=agent GIT_AUTHOR_EMAIL=agent@example.invalid \
	GIT_COMMITTER_NAME=agent GIT_COMMITTER_EMAIL=agent@example.invalid GIT_PAGER=cat
run git init -q repo
cd repo || fail "no repo"
run git checkout -q -b main
printf 'one\ntwo\n' > a.txt
mkdir -p src && echo 'int main(void) { return 0; }' > src/main.c
run git add a.txt src/main.c
run git commit -q -m first
run git checkout -q -b feature
printf 'one\nTWO\nthree\n' > a.txt
run git commit -q -am second
expect "git diff --stat" "1 file changed, 2 insertions(+), 1 deletion(-)" \
	"$(git diff --stat main feature | tail -n 1 | sed 's/^ *//')"
git diff main feature | grep -q '^+TWO$' || fail "git diff lacks the changed line"
run git checkout -q main
run git merge -q --no-edit feature
expect "git log after the merge" "2" "$(git log --oneline | wc -l)"
run git tag v1
run git gc -q
cd ..
run git clone -q repo clone
run git clone -q --no-local "file://$PWD/repo" clone-over-transport
expect "the clone's file" "three" "$(tail -n 1 clone-over-transport/a.txt)"
cd clone || fail "no clone"
echo four >> a.txt
expect "git status in the clone" " M a.txt" "$(git status --porcelain)"
run git stash -q
run git grep -q TWO
expect "git describe" "v1" "$(git describe --tags)"
pass "init, commit, branch, diff, merge, tag, gc, clone (local and over file://), stash, grep"
