export const T = {
  pageTitle: '页面不存在',
  subTitle: '您访问的页面不存在，可能已被移动或删除。',
  back: '返回工作台',
};
