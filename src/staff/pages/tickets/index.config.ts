export default definePageConfig({
  navigationBarTitleText: '服务工单',
  navigationBarBackgroundColor: '#173129',
});
