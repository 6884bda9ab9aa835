# @summary The token of an interface mapped from its IPv4 address: the
#   drop-in replacement of Wikimedia's interface::add_ip6_mapped, without its
#   exec and without a static copy of the SLAAC address (token-wait instead).
#
# @param interface  the interface (default: the title)
# @param ipv4       the IPv4 address to map (208.80.154.23 -> ::208:80:154:23);
#                   undef: `token auto`, derived from the inet stanza's address
# @param token_wait seconds ifup waits for the token's SLAAC address
# @param file       the interfaces(5) file holding the stanzas
#
# @example
#   ifupdown_token::mapped { 'eno1': ipv4 => '208.80.154.23' }
define ifupdown_token::mapped (
  String $interface = $title,
  Optional[String] $ipv4 = undef,
  Variant[Integer, String] $token_wait = 10,
  String $file = '/etc/network/interfaces',
) {
  ifupdown_token_interface { $interface:
    token      => $ipv4 ? { undef => 'auto', default => $ipv4 },
    token_wait => String($token_wait),
    file       => $file,
  }
}
