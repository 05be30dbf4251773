export default definePageConfig({
  navigationBarTitleText: '导入导出',
  navigationBarBackgroundColor: '#173129',
});
