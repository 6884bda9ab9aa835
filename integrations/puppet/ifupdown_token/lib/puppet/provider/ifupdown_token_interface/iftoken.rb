# ifupdown_token_interface over iftoken(8): reads with `iftoken list --json`
# and `iftoken apply --dry-run`, writes with `iftoken migrate --set` and
# `iftoken apply`. No rule lives here: iftoken validates, refuses, explains.
require 'json'
require 'open3'

Puppet::Type.type(:ifupdown_token_interface).provide(:iftoken) do
  desc 'Manages ifupdown-token stanza options and the live state through iftoken.'
  commands iftoken: 'iftoken'
  confine osfamily: :debian

  # Stanza options by their Puppet names; the rest go through `options`.
  # (Methods, not constants: a constant in this block would be Object's.)
  def self.named
    { 'token' => :token, 'token-wait' => :token_wait }
  end

  def self.default_file
    '/etc/network/interfaces'
  end

  # iftoken ARGS: [stdout, stderr, exit status], never raising.
  def self.run(*args)
    out, err, status = Open3.capture3(command(:iftoken), *args)
    [out, err, status.exitstatus]
  end

  def self.listed(file)
    out, err, rc = run('list', '-i', file, '--json')
    raise Puppet::Error, err.strip unless rc.zero?
    JSON.parse(out)
  end

  def self.hash_of(entry)
    options = entry['options'].dup
    h = { name: entry['iface'], ensure: :present, options: options }
    named.each { |option, prop| h[prop] = options.delete(option) || 'absent' }
    h
  end

  # `puppet resource ifupdown_token_interface`: the interfaces with a token.
  def self.instances
    listed(default_file).map { |entry| new(hash_of(entry)) }
  end

  def self.mapped_token(ipv4)
    out, err, rc = run('map', ipv4, '--json')
    raise Puppet::Error, "iftoken map #{ipv4}: #{err.strip}" unless rc.zero?
    JSON.parse(out).fetch('token')
  end

  def file
    resource[:file] || self.class.default_file
  end

  def current
    @current ||= begin
      entry = self.class.listed(file).find { |e| e['iface'] == resource[:name] }
      entry ? self.class.hash_of(entry) : { token: 'absent', token_wait: 'absent', options: {} }
    end
  end

  def token
    current[:token]
  end

  def token_wait
    current[:token_wait]
  end

  def options
    current[:options]
  end

  def token=(value)
    settings['token'] = value
  end

  def token_wait=(value)
    settings['token-wait'] = value
  end

  def options=(value)
    value.each { |k, v| settings[k.to_s] = v.to_s }
  end

  # The dry run's lines: what `applied` reports as the drift.
  def drift
    @drift || ''
  end

  def applied
    out, err, rc = self.class.run('apply', resource[:name], '-i', file, '--dry-run')
    return :true if rc.zero?
    @drift = (out + err).strip.split("\n").join('; ')
    :false
  end

  def applied=(_value)
    @apply = true
  end

  def settings
    @settings ||= {}
  end

  # The file first (the options decide what apply does), then the live state.
  def flush
    unless settings.empty?
      sets = settings.flat_map { |k, v| ['--set', "#{k}=#{v == 'absent' ? '' : v}"] }
      _, err, rc = self.class.run('migrate', '-i', file, '--in-place', '--iface', resource[:name], *sets)
      raise Puppet::Error, err.strip.split("\n").last.to_s unless rc.zero?
      @apply = true
    end
    return unless @apply
    out, err, rc = self.class.run('apply', resource[:name], '-i', file)
    raise Puppet::Error, (err.strip.empty? ? out : err).strip.split("\n").last.to_s unless rc.zero?
    out.split("\n").each { |line| Puppet.notice(line) }
  end
end
