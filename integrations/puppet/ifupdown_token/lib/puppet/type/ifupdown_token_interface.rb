# The IPv6 identity of an interface, as ifupdown-token gives it (iftoken(8),
# CONFIGURATION MANAGEMENT). A thin shim: every decision is iftoken's. The
# stanza options are read with `iftoken list --json` and written with
# `iftoken migrate --iface NAME --set OPTION=VALUE --in-place` (which also
# rewrites hand-written `ip token` lines, keeping every other byte); the live
# state is in sync when `iftoken apply NAME --dry-run` has nothing to change,
# and is brought there with `iftoken apply NAME`, without taking the link down.
Puppet::Type.newtype(:ifupdown_token_interface) do
  @doc = 'An interface whose IPv6 token and identity ifupdown-token sets ' \
         '(ifupdown-token-interfaces(5)); the interfaces(5) stanza must exist.'

  newparam(:name, namevar: true) do
    desc 'The interface, e.g. eno1.'
  end

  newparam(:file) do
    desc 'The interfaces(5) file holding its stanza.'
    defaultto '/etc/network/interfaces'
  end

  newproperty(:token) do
    desc "'auto', '::IID', 'none', or an IPv4 address, whose mapping " \
         "(iftoken map: 208.80.154.23 -> ::208:80:154:23) is the token."
    munge do |value|
      value = value.to_s
      return value unless value.include?('.')
      Puppet::Type.type(:ifupdown_token_interface).provider(:iftoken).mapped_token(value)
    end
  end

  newproperty(:token_wait) do
    desc 'Seconds up waits for the SLAAC address of the token (option token-wait); ' \
         "'absent' removes the option."
    munge(&:to_s)
  end

  newproperty(:options) do
    desc 'Other options of the stanza holding the token, e.g. ' \
         "{ 'ipv6-forwarding' => '0' }; only the names given are managed, 'absent' removes one."
    validate do |value|
      raise ArgumentError, 'options is a hash of option names to values' unless value.is_a?(Hash)
    end
    def insync?(is)
      is = {} unless is.is_a?(Hash)
      should.all? { |k, v| (is[k.to_s] || 'absent') == v.to_s }
    end
  end

  newproperty(:applied) do
    desc 'true: the running interface is what its stanzas say (iftoken apply --dry-run ' \
         'has nothing to change); else iftoken apply brings it there.'
    newvalues(:true)
    defaultto :true
    # Also what --noop prints: the drift, as `iftoken apply --dry-run` said it.
    def is_to_s(current)
      return super if current.to_s == 'true'
      "'false' (#{provider.drift})"
    end
  end

  autorequire(:file) { [self[:file]] }
end
