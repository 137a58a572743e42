#!/usr/bin/env bash
# Rebuild the corpus of real public notebooks that benchmarks/bench_notebooks_real.py reads.
#
#   scripts/fetch_notebook_corpus.sh [OUT]        # OUT defaults to $PRIVGUARD_NOTEBOOK_CORPUS or ./corpus16
#
# Needs network access to github.com (the benchmark itself never fetches). For each repository below it
# fetches exactly the commit named (shallow, one commit), and copies every tracked `.ipynb` file of that
# commit, byte for byte, to OUT/<owner>+<repo>/<path in the repository>; it writes OUT/COMMITS (one
# "<owner>+<repo> <commit>" line per repository) and OUT/<owner>+<repo>/LICENSE.head (the first 400
# characters of the repository's licence file, whitespace collapsed, when it has one). Notebooks whose
# blob is missing from a partial snapshot come out as empty files: the benchmark counts them apart.
#
# This is how the corpus of 2026-12-02 was assembled (from snapshots of these repositories at these
# commits). datasciencedojo/tutorials was considered and holds no notebook at its commit (R tutorials),
# so it adds nothing. The notebooks stay under their repositories' licences: the corpus is for local
# measurement, not for redistribution (tests/at_rest/fixtures/real vendors a few under MIT, Apache-2.0,
# BSD-3-Clause and CC-BY-4.0, with their provenance).
set -euo pipefail

OUT=${1:-${PRIVGUARD_NOTEBOOK_CORPUS:-corpus16}}
# where each repository is fetched from: {slug} is owner/repo, {name} is owner+repo (a local mirror
# such as /srv/mirror/{name}/repo works too)
REMOTE=${PRIVGUARD_CORPUS_REMOTE:-}
[[ -n "$REMOTE" ]] || REMOTE='https://github.com/{slug}.git'
# or read existing git directories that hold the commits (no fetch): how the corpus of 2026-12-02 was
# extracted here, from snapshots under /work/.mirror/{name}/repo
GIT_DIRS=${PRIVGUARD_CORPUS_GIT_DIR:-}
REPOS=(
  "CamDavidsonPilon/Probabilistic-Programming-and-Bayesian-Methods-for-Hackers 5b33f77a803a1a07dcadabae6cc382c9fd2c77d7"
  "Kaggle/learntools 8a8d4450a699c864febc419fb27ec41443a5942b"
  "TomAugspurger/effective-pandas bb3f49066bd85accf9d5b84b16870e02e223aaee"
  "ageron/handson-ml2 1e2115277b50f6c584cd668fa30e3af309a5b136"
  "ageron/handson-ml3 e3f3f9e66d58cfa1d068a498433063a1d3fba9ef"
  "chrisalbon/notes e735fb06f1bda4b45eb3fa7eb59d2a8f19207acb"
  "datasciencedojo/tutorials 4a53e20d2d0381b97eed2a6a27bbfa8839c0fdd5"
  "donnemartin/data-science-ipython-notebooks 5b3c00d462c6e9200315afe46d0093948621eb95"
  "fonnesbeck/statistical-analysis-python-tutorial 4a2444f6f677b24e62f4db94d96846d5ca9868e1"
  "guipsamora/pandas_exercises daf0fd2c7c34724aba5b7ec6006aaf9873a2913b"
  "ipython-books/cookbook-2nd-code 56bb11462b8d24d9a984fd5bd4bc239c0fa0475e"
  "jakevdp/PythonDataScienceHandbook d66231454ef753818dc9213c9b5942e067266966"
  "jrjohansson/scientific-python-lectures a2a76136ac06ff5fa91343ae095f1223c914d944"
  "justmarkham/pandas-videos 5b8d4d155374546d87cfb7226307da330ce4098e"
  "justmarkham/scikit-learn-videos 8545c74961398def7724501648fd504dbf061b41"
  "jvns/pandas-cookbook 69d3389e4d9fee6dcf8e59e4c91397e81da79163"
  "mGalarnyk/Python_Tutorials d7b6219343a51caca93ca518716d59d7880bf6cf"
  "rasbt/python-machine-learning-book-3rd-edition bf62496f44a92a21d23250d5ed13d2d2e617e0e2"
  "wesm/pydata-book d86d8056fa17b180e2a7dc1d9ae1cfb830967d50"
)

mkdir -p "$OUT"
: >"$OUT/COMMITS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for entry in "${REPOS[@]}"; do
  read -r slug sha <<<"$entry"
  name=${slug/\//+}
  if [[ -n "$GIT_DIRS" ]]; then
    git=${GIT_DIRS//\{name\}/$name}
  else
    git="$work/$name.git"
    git init -q --bare "$git"
    url=${REMOTE//\{slug\}/$slug}
    url=${url//\{name\}/$name}
    git -C "$git" fetch -q --depth 1 "$url" "$sha"
  fi
  echo "$name $sha" >>"$OUT/COMMITS"
  count=0
  while IFS= read -r -d '' path; do
    mkdir -p "$OUT/$name/$(dirname "$path")"
    git -C "$git" show "$sha:$path" >"$OUT/$name/$path" 2>/dev/null || : >"$OUT/$name/$path"
    count=$((count + 1))
  done < <(git -C "$git" ls-tree -r -z --name-only "$sha" | grep -z -i '\.ipynb$' || true)
  licence=$(git -C "$git" ls-tree --name-only "$sha" | grep -i -m1 -E '^(licen[cs]e|copying)' || true)
  if [[ -n "$licence" && $count -gt 0 ]]; then
    git -C "$git" show "$sha:$licence" | tr -s '[:space:]' ' ' | head -c 400 >"$OUT/$name/LICENSE.head" || true  # head closes the pipe early
  fi
  echo "$slug@${sha:0:12}: $count notebooks${licence:+, licence file $licence}" >&2
done
echo "corpus written to $OUT" >&2
