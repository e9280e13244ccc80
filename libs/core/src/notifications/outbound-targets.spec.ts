import type { LookupAddress } from 'node:dns';
import type { AppConfig } from '@duban/config';
import { addressRefusal, describeTarget, HttpChannelKind, maskTarget, nonPublicRange, outboundPolicy, parseTarget, scrubTarget, TargetRefused } from './outbound-targets';
import { HostResolver, WebhookClient } from './webhook-client.service';

/*
 * Where notifications may be sent: https only, robots only to their vendor, and never to an
 * address inside the deployment's own networks unless an administrator listed it.
 */
describe('outbound targets', () => {
  describe('nonPublicRange', () => {
    it.each([
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::7f00:1', 'ipv4Compatible'],
      ['::a00:1', 'ipv4Compatible'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['::ffff:192.168.1.1', 'private'],
      ['fc00::1', 'uniqueLocal'],
      ['fd12:3456::1', 'uniqueLocal'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['100.127.255.254', 'carrierGradeNat'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['192.0.2.10', 'reserved'],
      ['198.51.100.10', 'reserved'],
      ['203.0.113.10', 'reserved'],
      ['2001:db8::1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['64:ff9b::7f00:1', 'rfc6052'],
      ['2002:7f00:1::1', '6to4'],
    ])('%s is not public (%s)', (address, range) => {
      expect(nonPublicRange(address)).toBe(range);
    });

    it.each(['8.8.8.8', '1.1.1.1', '101.226.141.58', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2408:8000::1', '::ffff:8.8.8.8'])('%s is public', (address) => {
      expect(nonPublicRange(address)).toBeNull();
    });
  });

  describe('addressRefusal with an allowlist', () => {
    const policy = outboundPolicy({ allowHosts: [], allowNetworks: ['10.20.0.0/16', '127.0.0.1/32', 'fd00:1::/32'] });

    it.each(['10.20.3.4', '127.0.0.1', '::ffff:10.20.0.1', 'fd00:1:2::3', '8.8.8.8'])('allows %s', (address) => {
      expect(addressRefusal(address, policy)).toBeNull();
    });

    it.each(['10.21.0.1', '127.0.0.2', '::1', 'fd00:2::1', '169.254.169.254'])('refuses %s', (address) => {
      expect(addressRefusal(address, policy)).toMatch(/is not a public address/);
    });
  });

  describe('parseTarget', () => {
    it.each<[HttpChannelKind, string, RegExp]>([
      ['WEBHOOK', 'http://hooks.example.org/x', /target must be an https URL/],
      ['WEBHOOK', 'ftp://hooks.example.org/x', /target must be an https URL/],
      ['WEBHOOK', 'javascript:alert(1)', /target must be an https URL/],
      ['WEBHOOK', 'not a url', /target must be an https URL/],
      ['WEBHOOK', 'https://user:pw@hooks.example.org/x', /target must not contain a user name or password/],
      ['WECOM', 'https://qyapi.weixin.qq.com@evil.example.org/cgi-bin/webhook/send?key=k', /target must not contain/],
      ['WECOM', 'https://evil.example.org/cgi-bin/webhook/send?key=k', /target of a WECOM channel must be the WeCom group robot webhook/],
      ['WECOM', 'https://qyapi.weixin.qq.com.evil.example.org/cgi-bin/webhook/send?key=k', /WECOM channel must be/],
      ['WECOM', 'https://qyapi.weixin.qq.com/cgi-bin/menu/create?key=k', /WECOM channel must be/],
      ['WECOM', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', /WECOM channel must be/],
      ['WECOM', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', /https URL/],
      ['DINGTALK', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', /target of a DINGTALK channel must be the DingTalk group robot webhook/],
      ['DINGTALK', 'https://oapi.dingtalk.com/robot/send?key=k', /DINGTALK channel must be/],
    ])('%s %s is refused', (kind, target, message) => {
      expect(() => parseTarget(kind, target)).toThrow(TargetRefused);
      expect(() => parseTarget(kind, target)).toThrow(message);
    });

    it.each<[HttpChannelKind, string]>([
      ['WEBHOOK', 'https://hooks.example.org/duban'],
      ['WECOM', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx'],
      ['WECOM', 'https://QYAPI.weixin.qq.com./cgi-bin/webhook/send?key=693a91f6-7xxx'],
      ['DINGTALK', 'https://oapi.dingtalk.com/robot/send?access_token=abc123'],
    ])('%s %s is accepted', (kind, target) => {
      expect(parseTarget(kind, target)).toBeInstanceOf(URL);
    });
  });

  describe('what errors, logs and the channel list show', () => {
    const wecom = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

    it('describes a target by scheme and host only', () => {
      expect(describeTarget(wecom)).toBe('https://qyapi.weixin.qq.com/…');
      expect(describeTarget('https://oa.example.gov.cn:8443/hooks/s3cr3t-token?sig=abcd')).toBe('https://oa.example.gov.cn:8443/…');
    });

    it('masks query values, and path segments after the first unless the path is a robot endpoint', () => {
      expect(maskTarget('WECOM', wecom)).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****');
      expect(maskTarget('DINGTALK', 'https://oapi.dingtalk.com/robot/send?access_token=abc123def')).toBe('https://oapi.dingtalk.com/robot/send?access_token=****');
      expect(maskTarget('WEBHOOK', 'https://oa.example.gov.cn:8443/hooks/T000/s3cr3t-token?sig=abcd&x=1')).toBe('https://oa.example.gov.cn:8443/hooks/****/****?sig=****&x=****');
      expect(maskTarget('WEBHOOK', 'https://oa.example.gov.cn/')).toBe('https://oa.example.gov.cn/');
      expect(maskTarget('EMAIL', 'liaison@example.org')).toBe('liaison@example.org');
    });

    it('scrubs every secret part of a target from a message', () => {
      const target = 'https://oa.example.gov.cn/hooks/s3cr3t-token?sig=abcdef';
      const scrubbed = scrubTarget(`POST ${target} failed; token s3cr3t-token, sig abcdef`, target);
      for (const secret of ['s3cr3t-token', 'abcdef']) expect(scrubbed).not.toContain(secret);
      expect(scrubTarget(`errmsg: invalid webhook url, key 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa`, wecom)).not.toContain('693a91f6');
    });
  });

  describe('WebhookClient.check (form, then every resolved address)', () => {
    const dns: Record<string, string[]> = {
      'hooks.example.org': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      localhost: ['127.0.0.1', '::1'],
      'rebind.example.org': ['93.184.216.34', '10.0.0.7'],
      'metadata.example.org': ['169.254.169.254'],
      'oa.gov.example': ['10.8.0.5'],
      'qyapi.weixin.qq.com': ['101.226.141.58'],
    };
    const resolver = {
      resolve: async (host: string): Promise<LookupAddress[]> => {
        if (!dns[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return dns[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
    } as HostResolver;
    const client = (allowHosts: string[] = [], allowNetworks: string[] = []) =>
      new WebhookClient({ webhooks: { allowHosts, allowNetworks, caFile: null } } as unknown as AppConfig, resolver);
    const plain = client();
    const allowing = client(['oa.gov.example'], ['192.168.10.0/24', '127.0.0.1/32']);
    afterAll(async () => {
      await plain.onModuleDestroy();
      await allowing.onModuleDestroy();
    });

    it.each([
      ['a private address', 'https://10.0.0.1/hook', /10\.0\.0\.1 is not a public address \(private\)/],
      ['a loopback address', 'https://127.0.0.1:8443/hook', /loopback/],
      ['a loopback IPv6 address', 'https://[::1]/hook', /loopback/],
      ['an IPv4-mapped loopback address', 'https://[::ffff:127.0.0.1]/hook', /loopback/],
      ['a link-local IPv6 address', 'https://[fe80::1]/hook', /linkLocal/],
      ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data', /linkLocal/],
      ['a CGNAT address', 'https://100.64.1.1/hook', /carrierGradeNat/],
      ['a unique-local address', 'https://[fd00::5]/hook', /uniqueLocal/],
      ['a decimal IPv4 spelling', 'https://2130706433/hook', /127\.0\.0\.1 is not a public address \(loopback\)/],
      ['a hex IPv4 spelling', 'https://0x7f.1/hook', /127\.0\.0\.1 .*loopback/],
      ['an octal IPv4 spelling', 'https://0177.0.0.1/hook', /127\.0\.0\.1 .*loopback/],
      ['a short IPv4 spelling', 'https://10.1/hook', /10\.0\.0\.1 .*private/],
      ['the unspecified address', 'https://0.0.0.0/hook', /unspecified/],
      ['a name that resolves to loopback', 'https://localhost/hook', /localhost resolves to it/],
      ['a name with one private address among public ones', 'https://rebind.example.org/hook', /10\.0\.0\.7 .*private/],
      ['a name that resolves to the metadata address', 'https://metadata.example.org/hook', /169\.254\.169\.254/],
      ['a name that does not resolve', 'https://nowhere.example.org/hook', /target host nowhere\.example\.org could not be resolved \(ENOTFOUND\)/],
      ['a plain http URL', 'http://hooks.example.org/hook', /https URL/],
      ['credentials in the URL', 'https://admin:pw@hooks.example.org/hook', /user name or password/],
    ])('refuses %s', async (_case, target, message) => {
      const error = await plain.check('WEBHOOK', target).catch((e: Error) => e);
      expect(error).toBeInstanceOf(TargetRefused);
      expect((error as Error).message).toMatch(/^target /);
      expect((error as Error).message).toMatch(message);
    });

    it('accepts a public host, public addresses and the robots', async () => {
      await expect(plain.check('WEBHOOK', 'https://hooks.example.org/hook')).resolves.toBeUndefined();
      await expect(plain.check('WEBHOOK', 'https://8.8.8.8/hook')).resolves.toBeUndefined();
      await expect(plain.check('WEBHOOK', 'https://[2606:4700::1111]/hook')).resolves.toBeUndefined();
      await expect(plain.check('WECOM', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')).resolves.toBeUndefined();
    });

    it('refuses a robot on another host, even a listed one', async () => {
      await expect(allowing.check('WECOM', 'https://oa.gov.example/cgi-bin/webhook/send?key=k')).rejects.toThrow(/WECOM channel must be/);
    });

    it('lets listed hosts and networks through, and nothing else', async () => {
      await expect(allowing.check('WEBHOOK', 'https://oa.gov.example/hook')).resolves.toBeUndefined();
      await expect(allowing.check('WEBHOOK', 'https://OA.gov.example./hook')).resolves.toBeUndefined();
      await expect(allowing.check('WEBHOOK', 'https://192.168.10.20/hook')).resolves.toBeUndefined();
      await expect(allowing.check('WEBHOOK', 'https://127.0.0.1:9443/hook')).resolves.toBeUndefined();
      await expect(allowing.check('WEBHOOK', 'https://192.168.11.20/hook')).rejects.toThrow(/private/);
      await expect(allowing.check('WEBHOOK', 'https://127.0.0.2/hook')).rejects.toThrow(/loopback/);
      // localhost also resolves to ::1, which is not listed.
      await expect(allowing.check('WEBHOOK', 'https://localhost/hook')).rejects.toThrow(/::1 is not a public address/);
      // Still https only.
      await expect(allowing.check('WEBHOOK', 'http://oa.gov.example/hook')).rejects.toThrow(/https URL/);
    });
  });
});
