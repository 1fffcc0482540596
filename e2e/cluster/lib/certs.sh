# shellcheck shell=bash
# CA, certificates and kubeconfigs for the test cluster, made with openssl. Sourced by
# control-plane.sh and node.sh; every function writes into the directory it is given.
# RSA keys (PKCS#8 PEM): every client we use, including fabric8 without BouncyCastle, reads them.

CERTS_DAYS="${CERTS_DAYS:-365}"

# certs_ca DIR: ca.crt/ca.key, once.
certs_ca() {
  local d="$1"
  [[ -s "$d/ca.crt" && -s "$d/ca.key" ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" \
    -days "$CERTS_DAYS" -subj "/CN=kubewsgi-e2e-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" 2>/dev/null
}

# certs_sign DIR NAME SUBJECT EXTENDED_KEY_USAGE [SAN]: NAME.crt/NAME.key signed by the CA.
certs_sign() {
  local d="$1" name="$2" subj="$3" eku="$4" san="${5:-}"
  [[ -s "$d/$name.crt" && -s "$d/$name.key" ]] && return 0
  local ext="$d/$name.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    if [[ -n "$san" ]]; then echo "subjectAltName=$san"; fi
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$d/$name.key" -out "$d/$name.csr" \
    -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -out "$d/$name.crt" -days "$CERTS_DAYS" -extfile "$ext" 2>/dev/null
  rm -f "$d/$name.csr" "$ext"
}

# certs_client DIR NAME CN [ORG]: a client certificate (Kubernetes reads user = CN, group = O).
certs_client() {
  local subj="/CN=$3"
  if [[ -n "${4:-}" ]]; then subj="/O=$4$subj"; fi
  certs_sign "$1" "$2" "$subj" clientAuth
}

# certs_apiserver DIR ADVERTISE_IP SERVICE_IP: the API server's serving certificate.
certs_apiserver() {
  local san="IP:127.0.0.1,IP:$2,IP:$3,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
  san="$san,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  certs_sign "$1" apiserver "/CN=kube-apiserver" serverAuth "$san"
}

# certs_service_account DIR: the key pair that signs and verifies service-account tokens.
certs_service_account() {
  local d="$1"
  [[ -s "$d/sa.key" && -s "$d/sa.pub" ]] && return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/sa.key" 2>/dev/null
  openssl pkey -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

# certs_kubeconfig DIR NAME SERVER_URL OUT: a self-contained kubeconfig (certs inlined, so
# it can be copied or read by any client without the files beside it).
certs_kubeconfig() {
  local d="$1" name="$2" server="$3" out="$4"
  local b64='base64 -w0'
  cat >"$out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubewsgi-e2e
  cluster:
    server: $server
    certificate-authority-data: $($b64 <"$d/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $($b64 <"$d/$name.crt")
    client-key-data: $($b64 <"$d/$name.key")
contexts:
- name: kubewsgi-e2e
  context:
    cluster: kubewsgi-e2e
    user: $name
    namespace: default
current-context: kubewsgi-e2e
EOF
  chmod 600 "$out"
}

# certs_first_ip CIDR: the first host address of an IPv4 range (the `kubernetes` Service IP).
certs_first_ip() {
  local ip="${1%/*}" a b c d
  IFS=. read -r a b c d <<<"$ip"
  echo "$a.$b.$c.$((d + 1))"
}
