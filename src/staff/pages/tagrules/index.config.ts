export default definePageConfig({
  navigationBarTitleText: '标签规则',
  navigationBarBackgroundColor: '#173129',
});
