export default definePageConfig({
  navigationBarTitleText: '操作日志',
  navigationBarBackgroundColor: '#173129',
});
