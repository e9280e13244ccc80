import { describe, expect, it } from 'vitest';
import { whyNotDelivered } from './why';

describe('why a test message did not arrive', () => {
  it('reads the api’s reason (never a secret) in an administrator’s words', () => {
    expect(whyNotDelivered('WEBHOOK https://127.0.0.1:65000 failed: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:65000')).toBe('连接被拒绝');
    expect(whyNotDelivered('WEBHOOK https://oa.example.gov.cn answered 502')).toBe('对方返回状态码 502');
    expect(whyNotDelivered('WECOM https://qyapi.weixin.qq.com robot refused: 93000 invalid webhook url')).toBe('机器人返回错误（请检查密钥或安全设置）');
    expect(whyNotDelivered('WEBHOOK https://127.0.0.1:9 failed: bad port')).toBe('该端口不允许用于发送');
    expect(whyNotDelivered(null)).toBe('发送失败');
  });
});
