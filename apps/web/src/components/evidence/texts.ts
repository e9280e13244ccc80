/** Texts of evidence files (见证材料): the upload control and the file lists. */
export const T = {
  label: '见证材料',
  drop: '点击或拖拽文件到此处上传',
  hint: (maxFiles: number, maxMb: number) => `支持 PDF、OFD、Word、Excel、WPS、JPG、PNG、TXT，单个不超过 ${maxMb} MB，最多 ${maxFiles} 个`,
  camera: '拍照上传',
  tooMany: (maxFiles: number) => `最多上传 ${maxFiles} 个文件`,
  tooLarge: (name: string, maxMb: number) => `${name} 超过 ${maxMb} MB，无法上传`,
  failed: (name: string) => `${name} 上传失败`,
  uploading: '请等待文件上传完成',
  download: '下载',
  preview: '预览',
  previewBlocked: '浏览器阻止了新窗口，请允许弹出窗口后重试',
  files: (n: number) => `附件 ${n} 个`,
};
