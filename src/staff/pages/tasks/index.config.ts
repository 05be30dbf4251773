export default definePageConfig({
  navigationBarTitleText: '回访任务',
  navigationBarBackgroundColor: '#173129',
});
