#!/bin/sh
# The worked example of docs/bundle-format.md: a demo cell, an office, an export, the stock
# tools on the bundle, an import, the receipt, and a second export. Needs the chibo binary
# (go build -o chibo .), unzip, minisign and age. Prints what each step shows.
set -eu
CHIBO=${CHIBO:-$(pwd)/chibo}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CHIBO_DATA="$work/data" CHIBO_PASSPHRASE='mật khẩu mẫu'
stick="$work/stick"
mkdir -p "$stick"
cd "$work"
step() { printf '\n$ %s\n' "$*"; "$@"; }

"$CHIBO" demo --cell LUNGVAI >/dev/null
step "$CHIBO" office create --office XMK --name "Đảng ủy xã Mường Khương" --card "$stick"
step "$CHIBO" key --cell LUNGVAI --out LUNGVAI.pub
step cat LUNGVAI.pub
step "$CHIBO" office enroll --office XMK --cell-key LUNGVAI.pub
step "$CHIBO" key --cell LUNGVAI --office-card "$stick/XMK.chibo-office"
step "$CHIBO" export --cell LUNGVAI --out "$stick"
b="$stick/LUNGVAI-000001.chibo-bundle"
step unzip -l "$b"
unzip -qo "$b" manifest.json manifest.json.minisig records.json.age -d x
step sh -c "head -c 400 x/manifest.json; echo ' …'"
step cat x/manifest.json.minisig
step minisign -Vm x/manifest.json -p LUNGVAI.pub
step "$CHIBO" verify --office XMK "$b"
step "$CHIBO" office import --office XMK "$b"
step sh -c "head -n 1 '$stick/LUNGVAI-000001.chibo-receipt' | cut -c1-400; echo ' …'"
step "$CHIBO" receipt --cell LUNGVAI "$stick/LUNGVAI-000001.chibo-receipt"
head -n 1 "$stick/LUNGVAI-000001.chibo-receipt" > x/receipt.json
tail -n +2 "$stick/LUNGVAI-000001.chibo-receipt" > x/receipt.json.minisig
step minisign -Vm x/receipt.json -p "$stick/XMK-receipts.pub"
printf '%s\n' '{"full_name":"Giàng A Páo","gender":"male","birth_date":"1990-03-04","ethnicity":"Mông","religion":"","cccd":"","hometown":"Lùng Vai","residence":"Lùng Vai","decision_date":"2025-10-01","ceremony_date":"2025-10-20"}' > new.json
step "$CHIBO" roster add --cell LUNGVAI --json new.json
step "$CHIBO" export --cell LUNGVAI --out "$stick"
unzip -qo "$stick/LUNGVAI-000002.chibo-bundle" records.json.age -d y
step "$CHIBO" office identity --office XMK --out office.age
step sh -c "age -d -i office.age y/records.json.age | cut -c1-300; echo ' …'"
step "$CHIBO" office import --office XMK "$stick"/*.chibo-bundle || true
step "$CHIBO" office report --office XMK
