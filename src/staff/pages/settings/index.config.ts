export default definePageConfig({
  navigationBarTitleText: '规则设置',
  navigationBarBackgroundColor: '#173129',
});
