export const T = {
  pageTitle: '登录',
  heading: '产业链链长制督办平台',
  subheading: '督办 · 请登录',
  username: '用户名',
  usernameRequired: '请输入用户名',
  password: '密码',
  passwordRequired: '请输入密码',
  submit: '登录',
  expired: '登录已失效（可能是密码已被修改或重置，或账号已被停用），请重新登录。',
  signedOut: '您已退出登录。',
  passwordChanged: '密码已修改，请使用新密码登录。',
};
